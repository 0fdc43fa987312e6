import { describe, expect, it } from "vitest";
import { alarmStateChange, deploymentStateChange, stops, taskStateChange } from "@ecs-guardrails/sim/events/builders";
import type { GuardrailsEvent } from "@ecs-guardrails/core/events/model";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import { autoRollback } from "@ecs-guardrails/core/capabilities/auto-rollback/decide";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF, at, rollout } from "../../../../support/snapshots.ts";
import { autoRollbackWith } from "../../../../support/policy-settings.ts";

// A service created by Express Mode (DescribeServices: resourceManagementType ECS) deploys with
// ECS's own canary and alarm-based rollback: auto-rollback recognises it and never doubles that
// rollback; it defers, and the decision records why.

const decide = (event: GuardrailsEvent, snapshot: Snapshot, patch: object = {}) =>
  autoRollback.decide({ event, snapshot, settings: autoRollbackWith(patch), now: new Date(at(300)) });
const crash = (taskId: string) =>
  parseEvent(
    taskStateChange({
      ...REF,
      taskId,
      deploymentId: "ecs-svc/2",
      taskDefinition: "web:42",
      version: 5,
      lastStatus: "STOPPED",
      time: at(300),
      stop: stops.crash(),
    }),
  );
const express = (patch = {}): Snapshot => {
  const s = rollout({ failures: { crash: 3 }, ...patch });
  return { ...s, service: { ...s.service!, managedBy: "ECS" } };
};

describe("auto-rollback on an Express Mode service", () => {
  it("does not roll back a failing revision: ECS's canary rollback does, and the decision says so", () => {
    const decisions = decide(crash("t3"), express());

    expect(decisions.map((d) => d.action)).toEqual([undefined]);
    expect(decisions[0]).toMatchObject({
      key: expect.stringContaining("ecs-rollback"),
      reason: expect.stringContaining("Express Mode"),
    });
  });

  it("does not roll back for a mapped alarm either", () => {
    const alarm = parseEvent(alarmStateChange({ alarmName: "web-5xx", state: "ALARM", time: at(300) }));

    const decisions = decide(alarm, express({ failures: {} }), { alarms: ["web-5xx"] });

    expect(decisions.map((d) => d.action)).toEqual([undefined]);
    expect(decisions[0]?.reason).toContain("Express Mode");
  });

  it("tells that ECS rolls back a failed Express deployment itself", () => {
    const failed = parseEvent(
      deploymentStateChange({
        ...REF,
        deploymentId: "ecs-svc/2",
        eventName: "SERVICE_DEPLOYMENT_FAILED",
        time: at(300),
      }),
    );

    expect(decide(failed, express()).map((d) => [d.action, d.reason])).toEqual([
      [undefined, expect.stringContaining("Express Mode")],
    ]);
  });

  it("still rolls back a customer-managed service the same way", () => {
    const s = rollout({ failures: { crash: 3 } });

    expect(decide(crash("t3"), { ...s, service: { ...s.service!, managedBy: "CUSTOMER" } })[0]?.action).toMatchObject({
      type: "rollback",
    });
  });
});
