import type { EngineResult } from "@ecs-guardrails/core/engine/run";
import type { GuardrailsEvent } from "@ecs-guardrails/core/events/model";
import type { PublishedMessage } from "@ecs-guardrails/sim/endpoints/sns";
import {
  chatLines,
  clockLabel,
  deadLetterLine,
  decisionLines,
  eventLine,
  inStory,
  jobResultInStory,
  jobResultLine,
  outsidePublishLines,
} from "@ecs-guardrails/cli/runtime/describe-result";
import type { ProcessResult } from "@ecs-guardrails/core/engine/process-event";
import { describe, expect, it } from "vitest";

// A home account's event, as parsed: account and Region are kept only for a member's (model/service-ref.ts).
const base = { eventId: "e1", time: "2026-03-02T09:00:00Z" };
const stop = {
  code: "EssentialContainerExited",
  reason: "Essential container in task exited",
  class: "crash" as const,
  explanation: "exit code 1",
  containers: [],
};
const task = {
  ...base,
  kind: "task" as const,
  cluster: "prod",
  service: "web",
  taskArn: "arn:task/0123456789abcdef",
  taskId: "0123456789abcdef",
  version: 3,
  lastStatus: "STOPPED",
  desiredStatus: "STOPPED",
  deploymentId: "ecs-svc/1",
  taskDefinitionArn: undefined,
  capacityProviderName: undefined,
  launchType: "FARGATE",
  cpu: 256,
  memory: 512,
  startedAt: undefined,
  stop,
};
const deployment = {
  ...base,
  kind: "deployment" as const,
  cluster: "prod",
  service: "web",
  eventName: "SERVICE_DEPLOYMENT_FAILED",
  eventType: "ERROR",
  deploymentId: "ecs-svc/2",
  updatedAt: base.time,
  reason: "circuit breaker",
  rollbackTo: undefined,
};
const action = {
  ...base,
  kind: "service-action" as const,
  cluster: "prod",
  service: "web",
  eventName: "SERVICE_STEADY_STATE",
  eventType: "INFO",
  createdAt: base.time,
  reason: undefined,
  capacityProviders: [],
};
const alarm = {
  ...base,
  kind: "alarm" as const,
  alarmName: "web-5xx",
  alarmArn: undefined,
  state: "ALARM",
  previousState: "OK",
  reason: undefined,
};

function processed(
  event: GuardrailsEvent,
  status: "recorded" | "duplicate" = "recorded",
  results: EngineResult[] = [],
): ProcessResult {
  return { event, outcome: { status }, results };
}

describe("eventLine", () => {
  it.each<[string, GuardrailsEvent, string | undefined]>([
    ["a stopped task", task, "prod/web  task 01234567 stopped: crash (exit code 1)"],
    [
      "a standalone stopped task",
      { ...task, service: undefined },
      "prod/-  task 01234567 stopped: crash (exit code 1)",
    ],
    ["a running task", { ...task, lastStatus: "RUNNING", stop: undefined }, undefined],
    ["a stopping task with a stop reason", { ...task, lastStatus: "DEPROVISIONING" }, undefined],
    ["a deployment with a reason", deployment, "prod/web  SERVICE_DEPLOYMENT_FAILED ecs-svc/2 — circuit breaker"],
    [
      "a deployment without a reason",
      { ...deployment, reason: undefined },
      "prod/web  SERVICE_DEPLOYMENT_FAILED ecs-svc/2",
    ],
    ["a service action", action, "prod/web  INFO SERVICE_STEADY_STATE"],
    ["an alarm", alarm, "alarm web-5xx → ALARM"],
  ])("describes %s", (_, event, line) => {
    expect(eventLine(processed(event))).toBe(line);
  });

  it("marks an event that was not recorded with its status", () => {
    expect(eventLine(processed(alarm, "duplicate"))).toBe("alarm web-5xx → ALARM  (duplicate)");
  });
});

describe("the demo's quiet story", () => {
  it.each<[string, boolean, GuardrailsEvent]>([
    ["a stopped task", false, task],
    ["a deployment stage", true, deployment],
    ["an INFO service event (steady state)", false, action],
    [
      "an ERROR service event (placement failure)",
      true,
      { ...action, eventType: "ERROR", eventName: "SERVICE_TASK_PLACEMENT_FAILURE" },
    ],
    ["an alarm", true, alarm],
  ])("tells %s: %s", (_, told, event) => {
    expect(inStory(processed(event))).toBe(told);
  });

  it("leaves out the verify step's repeated answers, not its last one nor a failure", () => {
    const success = {
      jobId: "j",
      outcome: "success" as const,
      outputVariables: undefined,
      executionDetails: undefined,
      currentRevision: undefined,
      at: base.time,
    };
    const failure = { type: "JobFailed", message: "verify failed" };
    expect([
      jobResultInStory({ ...success, continuationToken: "t" }),
      jobResultInStory({ ...success, continuationToken: undefined }),
      jobResultInStory({ jobId: "j", outcome: "failure", failureDetails: failure, at: base.time }),
    ]).toEqual([false, true, true]);
  });
});

function result(policy: EngineResult["decision"]["policy"], duplicate: boolean, guard?: string): EngineResult {
  const decision = {
    policy,
    key: policy,
    action: undefined,
    severity: "info" as const,
    title: "Scaled in",
    reason: "idle",
    threadId: "t",
    deploymentId: undefined,
    facts: {},
  };
  const record = {
    key: policy,
    policy,
    time: base.time,
    mode: "observe" as const,
    verdict: "observed" as const,
    title: "Scaled in",
    reason: "idle",
    guard,
    action: undefined,
    rolledBack: undefined,
    startedDeployment: undefined,
    counted: false,
    deploymentId: undefined,
    facts: {},
  };
  return { ref: { cluster: "prod", service: "web" }, decision, record, duplicate };
}

describe("decisionLines", () => {
  it("shows each new decision with its verdict and guard, leaving out duplicates", () => {
    const results = [
      result("right-sizing", false),
      result("auto-rollback", true),
      result("spot-fallback", false, "rate limit"),
    ];

    const lines = decisionLines(processed(task, "recorded", results));

    expect(lines).toEqual([
      "prod/web  ▶ right-sizing OBSERVED: Scaled in — idle",
      "prod/web  ▶ spot-fallback OBSERVED: Scaled in — idle [rate limit]",
    ]);
  });
});

function message(body: string, subject: string | undefined): PublishedMessage {
  return {
    messageId: "m",
    topicArn: "t",
    subject,
    message: body,
    messageStructure: undefined,
    messageAttributes: {},
    messageGroupId: undefined,
    messageDeduplicationId: undefined,
    publishedAt: base.time,
  };
}

describe("chatLines", () => {
  it.each([
    [
      "the title then each description line indented",
      JSON.stringify({ content: { title: ":warning: Spot", description: "one\n\ntwo" } }),
      "s",
      ["💬 :warning: Spot", "   one", "   two"],
    ],
    ["the subject when the chat body has no title", JSON.stringify({ content: {} }), "Subject", ["💬 Subject"]],
    ["the subject when the body is not JSON", "not json", "Subject", ["💬 Subject"]],
    [
      "the start of the body when there is no subject either",
      `${"x".repeat(250)}`,
      undefined,
      [`💬 ${"x".repeat(200)}`],
    ],
  ])("shows %s", (_, body, subject, lines) => {
    expect(chatLines(message(body, subject))).toEqual(lines);
  });
});

describe("clockLabel", () => {
  it.each([
    [0, "+00:00:00"],
    [1_499, "+00:00:01"],
    [59_000, "+00:00:59"],
    [61_000, "+00:01:01"],
    [3_600_000, "+01:00:00"],
    [(26 * 3600 + 5 * 60 + 7) * 1000, "+26:05:07"],
    [-5_000, "+00:00:00"],
  ])("labels %i ms after the start as %s", (elapsed, label) => {
    expect(clockLabel(1_000_000, 1_000_000 + elapsed)).toBe(label);
  });
});

describe("deadLetterLine", () => {
  it("names the event, the attempts, the error and where the letter is kept", () => {
    const letter = {
      at: base.time,
      function: "ingest",
      error: "detail.clusterArn is required",
      errorName: "InvalidEventError",
      attempts: 1,
      event: { source: "aws.ecs", "detail-type": "ECS Task State Change", id: "e-9" },
    };

    expect(deadLetterLine(letter, ".guardrails/dead-letters.jsonl")).toBe(
      "✖ dead letter: ingest gave up on aws.ecs ECS Task State Change e-9 after 1 attempt — InvalidEventError: detail.clusterArn is required (kept in .guardrails/dead-letters.jsonl)",
    );
  });

  it("still reads when the event is not an object", () => {
    expect(
      deadLetterLine(
        { at: base.time, function: "ingest", error: "bad", errorName: "Error", attempts: 3, event: "junk" },
        undefined,
      ),
    ).toBe("✖ dead letter: ingest gave up on an event after 3 attempts — Error: bad");
  });
});

describe("outsidePublishLines", () => {
  it("credits the message to the client named first in its User-Agent, and to its topic", () => {
    const published = {
      ...message("42 invoices", "Invoice run done"),
      topicArn: "arn:aws:sns:us-east-1:111122223333:billing",
      userAgent: "aws-cli/2.9.19 Python/3.11.2 Linux/6",
    };

    expect(outsidePublishLines(published)).toEqual([
      "💬 published by aws-cli/2.9.19 (not the guardrails) to billing: Invoice run done",
    ]);
  });

  it("shows the message's first line when it has no subject", () => {
    expect(outsidePublishLines({ ...message("first\nsecond", undefined), userAgent: undefined })).toEqual([
      "💬 published by an unnamed client (not the guardrails) to t: first",
    ]);
  });
});

describe("jobResultLine", () => {
  it("shows a success and a failure with its type", () => {
    expect(
      jobResultLine({
        jobId: "j",
        outcome: "success",
        continuationToken: undefined,
        outputVariables: undefined,
        executionDetails: undefined,
        currentRevision: undefined,
        at: base.time,
      }),
    ).toBe("CodePipeline job j: success");
    expect(
      jobResultLine({
        jobId: "j",
        outcome: "failure",
        failureDetails: { type: "JobFailed", message: "rolled back" },
        at: base.time,
      }),
    ).toBe("CodePipeline job j: failure JobFailed — rolled back");
  });
});
