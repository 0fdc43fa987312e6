import { beforeAll, describe, expect, it } from "vitest";
import { LOCK_SECONDS_RANGE } from "@ecs-guardrails/core/config/checks";
import { type EvaluatedApp, evaluateApp, resourceNamed, resourcesOfType, stateOf } from "../support/sst-harness.ts";

// The real sst.config.ts, evaluated under Pulumi mocks as `sst deploy` would evaluate it.

let app: EvaluatedApp;

beforeAll(async () => {
  app = await evaluateApp();
});

describe("history table", () => {
  it("is keyed by pk and sk with the gsi1 index", () => {
    const table = resourceNamed(app, "HistoryTable").inputs;
    expect(table).toMatchObject({ hashKey: "pk", rangeKey: "sk" });
    expect(table.globalSecondaryIndexes).toEqual([
      { name: "gsi1", hashKey: "gsi1pk", rangeKey: "gsi1sk", projectionType: "ALL" },
    ]);
    expect(table.attributes).toEqual(["pk", "sk", "gsi1pk", "gsi1sk"].map((name) => ({ name, type: "S" })));
  });

  it("expires items through the expiresAt attribute", () => {
    expect(resourceNamed(app, "HistoryTable").inputs.ttl).toEqual({ attributeName: "expiresAt", enabled: true });
  });

  it("has point-in-time recovery on and bills on demand", () => {
    expect(resourceNamed(app, "HistoryTable").inputs).toMatchObject({
      pointInTimeRecovery: { enabled: true },
      billingMode: "PAY_PER_REQUEST",
    });
  });
});

describe("ingest function", () => {
  it("runs functions/ingest.handler on nodejs24.x, arm64, with 256 MB and 30 s", () => {
    expect(resourceNamed(app, "IngestFunction").inputs).toMatchObject({
      handler: "functions/ingest.handler",
      runtime: "nodejs24.x",
      architectures: ["arm64"],
      memorySize: 256,
      timeout: 30,
    });
  });

  it("is told the table, topic and dead-letter queue through its environment", () => {
    expect(resourceNamed(app, "IngestFunction").inputs.environment).toMatchObject({
      variables: {
        TABLE_NAME: stateOf(app, "HistoryTable").name,
        TOPIC_ARN: stateOf(app, "NotificationsTopic").arn,
        DEAD_LETTER_QUEUE_URL: stateOf(app, "DeadLettersQueue").url,
        POWERTOOLS_SERVICE_NAME: "ecs-guardrails",
      },
    });
  });

  it("retries an asynchronous event twice, then sends it to the dead-letter queue", () => {
    expect(resourceNamed(app, "IngestEventInvokeConfig").inputs).toEqual({
      functionName: stateOf(app, "IngestFunction").name,
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: stateOf(app, "DeadLettersQueue").arn } },
    });
  });

  it("keeps dead letters for 14 days", () => {
    expect(resourceNamed(app, "DeadLettersQueue").inputs.messageRetentionSeconds).toBe(14 * 24 * 3600);
  });
});

describe("bundling", () => {
  it("bundles the handler of every function the app declares", () => {
    const functions = resourcesOfType(app, "sst:aws:Function").map((fn) => fn.name);
    expect(functions).toContain("Ingest");
    expect(app.builds.map((build) => build.functionID).sort()).toEqual([...functions].sort());
    expect(app.builds.filter((build) => build.errors.length > 0)).toEqual([]);
  });
});

describe("timeouts", () => {
  it("let no function run longer than the shortest lock the configuration accepts", () => {
    // A lock shorter than an invocation could be taken over while that invocation still acts.
    // Right-sizing only recommends: it never claims a decision or takes a service's lock.
    const functions = resourcesOfType(app, "aws:lambda/function:Function");
    const timeouts = functions
      .filter((fn) => !fn.name.startsWith("RightSizing"))
      .map((fn) => fn.inputs.timeout as number);

    expect(timeouts.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...timeouts)).toBe(LOCK_SECONDS_RANGE.min);
    expect(functions.map((fn) => fn.name)).toContain("RightSizingFunction");
  });

  it("run right-sizing daily and its digest weekly, both on the one right-sizing function", () => {
    const schedules = resourcesOfType(app, "aws:scheduler/schedule:Schedule").filter((s) =>
      s.name.startsWith("RightSizing"),
    );

    expect(
      schedules
        .map((s) => [s.name, s.inputs.scheduleExpression, JSON.parse((s.inputs.target as { input: string }).input)])
        .sort(),
    ).toEqual([
      ["RightSizingDigestSchedule", "cron(0 9 ? * MON *)", { job: "digest" }],
      ["RightSizingRunSchedule", "rate(1 day)", { job: "run" }],
    ]);
  });
});

describe("stack outputs", () => {
  it("export the table name, topic ARN, queue URL and function name", () => {
    expect(app.outputs).toMatchObject({
      historyTableName: stateOf(app, "HistoryTable").name,
      notificationsTopicArn: stateOf(app, "NotificationsTopic").arn,
      deadLetterQueueUrl: stateOf(app, "DeadLettersQueue").url,
      ingestFunctionName: stateOf(app, "IngestFunction").name,
    });
  });
});

describe("pipeline function", () => {
  it("runs functions/pipeline.handler like the others, and is a stack output for the invoke actions", () => {
    expect(resourceNamed(app, "PipelineFunction").inputs).toMatchObject({
      handler: "functions/pipeline.handler",
      runtime: "nodejs24.x",
      architectures: ["arm64"],
      memorySize: 256,
      timeout: 30,
    });
    expect(app.outputs).toMatchObject({ pipelineFunctionName: stateOf(app, "PipelineFunction").name });
  });

  it("retries a failed answer twice, and sends no failure record anywhere: it would carry the job's artifact credentials", () => {
    const config = resourceNamed(app, "PipelineEventInvokeConfig").inputs;
    expect(config).toMatchObject({ functionName: stateOf(app, "PipelineFunction").name, maximumRetryAttempts: 2 });
    expect(config.destinationConfig).toBeUndefined();
    expect(resourceNamed(app, "PipelineFunction").inputs.deadLetterConfig).toBeUndefined();
  });
});
