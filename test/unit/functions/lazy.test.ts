import { describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { Notice, Notifier } from "@ecs-guardrails/core/notifications/notice";
import { lazyNotifier } from "@ecs-guardrails/functions/lib/lazy";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { writeConfigFile } from "@ecs-guardrails/functions/lib/config";
import { processDeps } from "@ecs-guardrails/functions/lib/deps";
import { spotNotice } from "../../support/notices.ts";

const notice = spotNotice({ nextSteps: [] });

function recording(): { notifier: Notifier; published: Notice[] } {
  const published: Notice[] = [];
  return { published, notifier: { publish: async (n) => void published.push(n) } };
}

describe("lazyNotifier", () => {
  it("builds nothing until the first notice", () => {
    let built = 0;
    lazyNotifier(() => (built++, recording().notifier));
    expect(built).toBe(0);
  });

  it("builds the notifier once and reuses it for every notice", async () => {
    let built = 0;
    const inner = recording();
    const lazy = lazyNotifier(() => (built++, inner.notifier));
    await Promise.all([lazy.publish(notice), lazy.publish(notice)]);
    await lazy.publish(notice);
    expect(built).toBe(1);
    expect(inner.published).toHaveLength(3);
  });

  it("tries to build again after a failed build", async () => {
    let attempts = 0;
    const inner = recording();
    const lazy = lazyNotifier(() => {
      attempts += 1;
      if (attempts === 1) throw new Error("no SDK today");
      return inner.notifier;
    });
    expect(() => lazy.publish(notice)).toThrow("no SDK today");
    await lazy.publish(notice);
    expect(attempts).toBe(2);
    expect(inner.published).toEqual([notice]);
  });
});

describe("the function's SNS notifier", () => {
  it("publishes to the topic through a client built on the first notice", async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });
    const env = {
      TABLE_NAME: "history",
      TOPIC_ARN: "arn:aws:sns:us-east-1:111122223333:guardrails",
      AWS_REGION: "us-east-1",
      GUARDRAILS_CONFIG_FILE: writeConfigFile(parseConfig({})),
    };
    const deps = processDeps(env);
    expect(sns.calls()).toHaveLength(0);
    await deps.notifier.publish(notice);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.TopicArn).toBe(
      "arn:aws:sns:us-east-1:111122223333:guardrails",
    );
    sns.restore();
  });
});
