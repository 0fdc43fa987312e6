import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { carryOut, resumeIntent } from "@ecs-guardrails/core/engine/carry-out";
import type { EngineDeps } from "@ecs-guardrails/core/engine/run";
import { RecordingNotifier } from "../../../kit/recording-notifier.ts";
import type { ActionExecutor } from "@ecs-guardrails/core/engine/ports";
import type { OpenIntent, Decision } from "@ecs-guardrails/core/model/decision";
import type { Executors, ActionRequest } from "@ecs-guardrails/core/registry";
import { scriptedStore } from "../../../support/scripted-store.ts";
import { REF, at, ecsDeployment, rollout, serviceDescription, td } from "../../../support/snapshots.ts";

// One decision's lifecycle in the engine, against a scripted store: which writes it asks for,
// in which order, and what it does with each answer.

const rollback: Decision = {
  policy: "auto-rollback",
  key: "auto-rollback#rollback#ecs-svc/2",
  action: { type: "rollback", deploymentId: "ecs-svc/2", taskDefinition: td(41), fromTaskDefinition: td(42) },
  severity: "critical",
  title: "Roll back prod/web from web:42 to web:41",
  reason: "3 failures",
  threadId: "prod/web/ecs-svc/2",
  deploymentId: "ecs-svc/2",
  facts: {},
};
const notice: Decision = {
  ...rollback,
  key: "auto-rollback#first-failure#ecs-svc/2",
  action: undefined,
  severity: "warning",
};

function executors(options: { fails?: Error; shown?: boolean } = {}) {
  const applied: ActionRequest[] = [];
  const rollbackExecutor: ActionExecutor<Extract<ActionRequest, { type: "rollback" }>> = {
    inPlace: () => (options.shown ? { deploymentId: "ecs-svc/7" } : undefined),
    apply: async (_ref, action) => {
      if (options.fails) throw options.fails;
      applied.push(action);
      return { deploymentId: "ecs-svc/7" };
    },
  };
  return { applied, executors: { rollback: rollbackExecutor } as unknown as Executors };
}

function deps(store: ReturnType<typeof scriptedStore>, ex = executors(), config: object = {}) {
  const notifier = new RecordingNotifier();
  const d: EngineDeps = {
    config: parseConfig(config),
    store: store.store,
    history: { timeline: async () => ({ items: [], cursor: undefined }) },
    ecs: {} as EngineDeps["ecs"],
    notifier,
    clock: { now: () => new Date(at(300)) },
    executors: ex.executors,
  };
  return { d, notifier, ex };
}

describe("carrying out a decision that acts", () => {
  it("claims it with an intent, acts, records it as the claim's owner, then publishes and marks the message delivered", async () => {
    const s = scriptedStore();
    const { d, notifier, ex } = deps(s);
    const result = await carryOut(REF, rollback, "enforce", rollout(), d);

    expect(s.ops()).toEqual(["claim", "complete", "delivered"]);
    expect(s.calls[1]!.owner).toBe(s.calls[0]!.intent!.owner);
    expect(ex.applied).toHaveLength(1);
    expect(result.record).toMatchObject({
      verdict: "acted",
      rolledBack: "ecs-svc/2",
      startedDeployment: "ecs-svc/7",
      counted: true,
    });
    expect(notifier.published).toHaveLength(1);
  });

  it("does not act on a key already done, and publishes nothing itself", async () => {
    const s = scriptedStore({ claim: { status: "done" } });
    const { d, notifier, ex } = deps(s);
    const result = await carryOut(REF, rollback, "enforce", rollout(), d);

    expect(result.duplicate).toBe(true);
    expect(ex.applied).toHaveLength(0);
    expect(notifier.published).toHaveLength(0);
  });

  it("throws ServiceBusyError when the claim is busy, so Lambda retries the event", async () => {
    const { d, ex } = deps(scriptedStore({ claim: { status: "busy" } }));
    await expect(carryOut(REF, rollback, "enforce", rollout(), d)).rejects.toMatchObject({ name: "ServiceBusyError" });
    expect(ex.applied).toHaveLength(0);
  });

  it("parks a failed action as the claim's owner, announces it, and rethrows for the retry", async () => {
    const s = scriptedStore();
    const { d, notifier } = deps(s, executors({ fails: new Error("AccessDenied") }));
    await expect(carryOut(REF, rollback, "enforce", rollout(), d)).rejects.toThrow("AccessDenied");

    expect(s.ops()).toEqual(["claim", "park", "delivered"]);
    expect(s.calls[1]).toMatchObject({
      owner: s.calls[0]!.intent!.owner,
      record: { verdict: "failed", guard: "the action failed: AccessDenied", policyState: undefined },
    });
    expect(notifier.published[0]?.severity).toBe("critical");
  });

  it("records an action ECS already shows as acted without calling it again and without counting it", async () => {
    const s = scriptedStore();
    const { d, ex } = deps(s, executors({ shown: true }));
    const result = await carryOut(REF, rollback, "enforce", rollout(), d);

    expect(ex.applied).toHaveLength(0);
    expect(result.record).toMatchObject({
      verdict: "acted",
      counted: false,
      guard: "ECS already shows the result of this action",
    });
  });
});

describe("carrying out a decision that does not act", () => {
  it("records an observation under its own key, without a claim or an owner", async () => {
    const s = scriptedStore();
    const { d, ex } = deps(s);
    await carryOut(REF, rollback, "observe", rollout(), d);

    expect(s.ops()).toEqual(["complete", "delivered"]);
    expect(s.calls[0]).toMatchObject({
      key: "auto-rollback#rollback#ecs-svc/2@observe",
      owner: undefined,
      record: { verdict: "observed" },
    });
    expect(ex.applied).toHaveLength(0);
  });

  it("records a notice under the policy's key", async () => {
    const s = scriptedStore();
    await carryOut(REF, notice, "enforce", rollout(), deps(s).d);
    expect(s.calls[0]).toMatchObject({
      op: "complete",
      key: "auto-rollback#first-failure#ecs-svc/2",
      record: { verdict: "noted" },
    });
  });

  it("parks a blocked decision without its policy state, and stays quiet when the same block was announced before", async () => {
    const s = scriptedStore({ park: { status: "parked", announced: false } });
    const { d, notifier } = deps(s, executors(), { killSwitch: true });
    const result = await carryOut(
      REF,
      { ...rollback, state: { value: { x: 1 }, attention: true } },
      "enforce",
      rollout(),
      d,
    );

    expect(s.ops()).toEqual(["park"]);
    expect(s.calls[0]!.record).toMatchObject({
      verdict: "blocked",
      guard: "the global kill switch is on",
      policyState: undefined,
    });
    expect(notifier.published).toHaveLength(0);
    expect(result.duplicate).toBe(true);
  });
});

describe("resuming an intent whose owner died", () => {
  const intent: OpenIntent = {
    key: rollback.key,
    owner: "dead",
    until: at(120),
    time: at(0),
    mode: "enforce",
    decision: rollback,
  };
  const ecsShowsRollback = () => ({
    ...rollout(),
    service: serviceDescription({
      deployments: [ecsDeployment("ecs-svc/7", { status: "PRIMARY", taskDefinition: td(41) })],
    }),
  });

  it("takes it over and completes it from what ECS shows, without acting again", async () => {
    const s = scriptedStore();
    const { d, ex } = deps(s, executors({ shown: true }));
    const result = await resumeIntent(REF, intent, ecsShowsRollback(), d);

    expect(s.ops()).toEqual(["resume", "complete", "delivered"]);
    expect(s.calls[1]!.owner).toBe(s.calls[0]!.owner);
    expect(ex.applied).toHaveLength(0);
    expect(result.record).toMatchObject({
      key: rollback.key,
      verdict: "acted",
      rolledBack: "ecs-svc/2",
      startedDeployment: "ecs-svc/7",
      time: at(0),
    });
  });

  it("acts when ECS does not show the result yet (it died before UpdateService)", async () => {
    const { d, ex } = deps(scriptedStore());
    await resumeIntent(REF, intent, rollout(), d);
    expect(ex.applied).toHaveLength(1);
  });

  it("parks it as blocked instead of acting when the kill switch went on meanwhile", async () => {
    const s = scriptedStore();
    const { d, ex } = deps(s, executors(), { killSwitch: true });
    await resumeIntent(REF, intent, rollout(), d);

    expect(ex.applied).toHaveLength(0);
    expect(s.calls[1]).toMatchObject({ op: "park", record: { verdict: "blocked" } });
  });

  it("is busy when another invocation took it over first", async () => {
    const { d, ex } = deps(scriptedStore({ resume: false }));
    await expect(resumeIntent(REF, intent, rollout(), d)).rejects.toMatchObject({ name: "ServiceBusyError" });
    expect(ex.applied).toHaveLength(0);
  });
});
