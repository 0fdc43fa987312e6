import type { EngineResult } from "@ecs-guardrails/core/engine/run";
import type { PublishedMessage } from "@ecs-guardrails/sim/endpoints/sns";
import { actionLine, notificationLine } from "@ecs-guardrails/cli/replay/lines";
import type { ActionRequest } from "@ecs-guardrails/core/registry";
import { describe, expect, it } from "vitest";

const AT = "2026-03-02T09:30:00.000Z";
const SPOT = [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }];
const ON_DEMAND = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];

function result(
  action: ActionRequest | undefined,
  policy: EngineResult["decision"]["policy"] = "auto-rollback",
): EngineResult {
  const decision = {
    policy,
    key: "k1",
    action,
    severity: "critical" as const,
    title: "Rolled back",
    reason: "3 crashes",
    threadId: "t1",
    deploymentId: "d2",
    facts: {},
  };
  return {
    ref: { cluster: "prod", service: "web" },
    decision,
    record: {
      key: "k1",
      policy,
      time: AT,
      mode: "enforce",
      verdict: "acted",
      title: "Rolled back",
      reason: "3 crashes",
      guard: undefined,
      action,
      rolledBack: undefined,
      startedDeployment: undefined,
      counted: true,
      deploymentId: "d2",
      facts: {},
    },
    duplicate: false,
  };
}

const base = {
  type: "action",
  mode: "enforce",
  verdict: "acted",
  cluster: "prod",
  service: "web",
  at: AT,
  reason: "3 crashes",
};

describe("actionLine", () => {
  it.each<[string, ActionRequest, EngineResult["decision"]["policy"], object]>([
    [
      "a rollback",
      { type: "rollback", deploymentId: "d2", taskDefinition: "web:1", fromTaskDefinition: "web:2" },
      "auto-rollback",
      { taskDefinition: "web:1", fromTaskDefinition: "web:2" },
    ],
    [
      "a rollback with no known source revision",
      { type: "rollback", deploymentId: "d2", taskDefinition: "web:1", fromTaskDefinition: undefined },
      "auto-rollback",
      { taskDefinition: "web:1" },
    ],
    [
      "a capacity fallback",
      { type: "capacity-fallback", capacityProviderStrategy: ON_DEMAND, previousStrategy: SPOT },
      "spot-fallback",
      { capacityProviderStrategy: ON_DEMAND, previousStrategy: SPOT },
    ],
    [
      "a capacity restore",
      { type: "capacity-restore", capacityProviderStrategy: SPOT, previousStrategy: ON_DEMAND },
      "spot-fallback",
      { capacityProviderStrategy: SPOT, previousStrategy: ON_DEMAND },
    ],
    ["a scale of the desired count", { type: "scale", desiredCount: 4 }, "right-sizing", { desiredCount: 4 }],
    [
      "a scale of the autoscaling bounds",
      { type: "scale", minCapacity: 2, maxCapacity: 8 },
      "scheduled-scaling",
      { minCapacity: 2, maxCapacity: 8 },
    ],
  ])("describes %s with exactly its own fields", (_, action, policy, fields) => {
    const line = actionLine(result(action, policy));

    expect(line).toStrictEqual({ ...base, policy, action: action.type, ...fields });
  });

  it("takes the mode and verdict from the record, not the decision", () => {
    const r = result({ type: "scale", desiredCount: 1 }, "right-sizing");
    r.record.mode = "observe";
    r.record.verdict = "observed";

    expect(actionLine(r)).toMatchObject({ mode: "observe", verdict: "observed" });
  });

  it("is undefined for a decision without an action", () => {
    expect(actionLine(result(undefined))).toBeUndefined();
  });
});

function message(body: string, subject: string | undefined): PublishedMessage {
  const attr = (StringValue: string) => ({ DataType: "String", StringValue });
  return {
    messageId: "m1",
    topicArn: "arn:aws:sns:eu-west-1:123456789012:guardrails",
    subject,
    message: body,
    messageStructure: undefined,
    messageAttributes: {
      severity: attr("critical"),
      cluster: attr("prod"),
      service: attr("web"),
      policy: attr("auto-rollback"),
    },
    messageGroupId: undefined,
    messageDeduplicationId: undefined,
    publishedAt: AT,
  };
}

describe("notificationLine", () => {
  it.each([
    [
      "the chat title without its severity emoji",
      JSON.stringify({ version: "1.0", content: { title: ":rotating_light: web rolled back to web:1" } }),
      "subject",
      "web rolled back to web:1",
    ],
    [
      "a chat title that has no emoji as it is",
      JSON.stringify({ content: { title: "web rolled back" } }),
      "subject",
      "web rolled back",
    ],
    [
      "the subject when the chat body has no title",
      JSON.stringify({ content: {} }),
      ":warning: Spot fallback",
      "Spot fallback",
    ],
    ["the subject when the body is not JSON", "plain text alert", "Plain subject", "Plain subject"],
    ["the subject when the body is JSON null", "null", "Null body", "Null body"],
    ["an empty title with neither a title nor a subject", "plain text", undefined, ""],
  ])("uses %s", (_, body, subject, title) => {
    const line = notificationLine(message(body, subject));

    expect(line.title).toBe(title);
  });

  it("copies severity, cluster, service and policy from the message attributes", () => {
    const line = notificationLine(message(JSON.stringify({ content: { title: "t" } }), undefined));

    expect(line).toStrictEqual({
      type: "notification",
      severity: "critical",
      title: "t",
      cluster: "prod",
      service: "web",
      policy: "auto-rollback",
    });
  });

  it("leaves a missing attribute empty", () => {
    const m = message("x", "s");
    m.messageAttributes = {};

    expect(notificationLine(m)).toMatchObject({ severity: "", cluster: "", service: "", policy: "" });
  });
});
