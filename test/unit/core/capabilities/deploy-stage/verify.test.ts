import { describe, expect, it } from "vitest";
import type { FailureEntry } from "../../../../../packages/core/src/history/model.ts";
import {
  decodeToken,
  encodeToken,
  TOKEN_MAX,
} from "../../../../../packages/core/src/capabilities/deploy-stage/token.ts";
import {
  decideVerify,
  findDeployment,
  type VerifyFacts,
} from "../../../../../packages/core/src/capabilities/deploy-stage/verify.ts";
import { ecsDeployment, record, REF, service, state, TD } from "../../../../support/pipeline.ts";

const GATE_AT = "2026-11-20T10:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(GATE_AT) + minutes * 60_000);
const OLD = ecsDeployment("ecs-svc/1", { status: "ACTIVE", rolloutState: "COMPLETED" });
const NEW = (patch = {}) =>
  ecsDeployment("ecs-svc/2", {
    taskDefinition: TD(2),
    rolloutState: "IN_PROGRESS",
    createdAt: at(1).toISOString(),
    runningCount: 1,
    ...patch,
  });

function facts(patch: Partial<VerifyFacts> = {}): VerifyFacts {
  return {
    ref: REF,
    now: at(3),
    token: { startedAt: at(2).toISOString(), polls: 0 },
    timeoutMinutes: 30,
    bakeMinutes: 10,
    service: service([NEW(), OLD]),
    deployments: [
      record("ecs-svc/1", { completedAt: "2026-11-20T09:05:00.000Z" }),
      record("ecs-svc/2", { taskDefinitionArn: TD(2), startedAt: at(1).toISOString() }),
    ],
    state: state(),
    alarms: [],
    baseline: { deploymentId: "ecs-svc/1", at: GATE_AT },
    failureThreshold: 3,
    failureClasses: ["crash", "out-of-memory", "health-check", "failed-to-start"],
    ...patch,
  };
}

const judge = (f: VerifyFacts, failures: FailureEntry[] = []) => decideVerify(f, findDeployment(f), failures);

describe("finding the pipeline's deployment", () => {
  it("takes the first deployment created after the gate looked, not the one the gate saw", () => {
    expect(findDeployment(facts())?.id).toBe("ecs-svc/2");
  });

  it("skips rollbacks and capacity changes of ours", () => {
    const f = facts({
      deployments: [record("ecs-svc/2", { startedAt: at(1).toISOString(), initiatedBy: "guardrails:spot-fallback" })],
    });
    expect(findDeployment(f)).toBeUndefined();
  });

  it("finds nothing older than the gate", () => {
    expect(findDeployment(facts({ baseline: { deploymentId: "ecs-svc/0", at: at(5).toISOString() } }))).toBeUndefined();
  });
});

describe("verify", () => {
  it("continues while the deployment is in progress, keeping the deployment in the token", () => {
    const d = judge(facts());
    expect(d).toMatchObject({
      outcome: "continue",
      deploymentId: "ecs-svc/2",
      token: { deploymentId: "ecs-svc/2", polls: 1 },
    });
  });

  it("bakes a completed deployment, then succeeds", () => {
    const done = {
      service: service([NEW({ rolloutState: "COMPLETED", runningCount: 2 })]),
      deployments: [
        record("ecs-svc/2", {
          taskDefinitionArn: TD(2),
          startedAt: at(1).toISOString(),
          completedAt: at(4).toISOString(),
        }),
      ],
    };
    expect(judge(facts({ ...done, now: at(8) }))).toMatchObject({
      outcome: "continue",
      summary: expect.stringMatching(/baking \(4 of 10 min\)/),
    });
    expect(judge(facts({ ...done, now: at(14) }))).toMatchObject({ outcome: "succeeded", deploymentId: "ecs-svc/2" });
  });

  it("fails a deployment ECS's circuit breaker rolled back, naming the rollback and the failures by class", () => {
    const f = facts({
      service: service([
        ecsDeployment("ecs-svc/3", { rolloutState: "IN_PROGRESS", createdAt: at(6).toISOString() }),
        NEW({ status: "ACTIVE", rolloutState: "FAILED" }),
      ]),
      deployments: [
        record("ecs-svc/2", {
          taskDefinitionArn: TD(2),
          startedAt: at(1).toISOString(),
          rolledBackAt: at(6).toISOString(),
          rolledBackBy: "ecs-circuit-breaker",
          failures: { crash: 4, "health-check": 1 },
          reasons: ["ECS deployment circuit breaker: task failed to start."],
        }),
        record("ecs-svc/3", { startedAt: at(6).toISOString(), rollbackOf: "ecs-svc/2" }),
      ],
      now: at(7),
    });
    const d = judge(f);
    expect(d.outcome).toBe("failed");
    expect(d).toMatchObject({ deploymentId: "ecs-svc/2", rolledBackBy: "ECS (circuit breaker or deployment alarms)" });
    expect(d.outcome === "failed" && d.message).toMatch(
      /deployment ecs-svc\/2 \(web:2\) was rolled back by ECS .*rollback deployment ecs-svc\/3, to web:1.*crash 4, health-check 1/,
    );
  });

  it("fails a deployment the guardrails rolled back, even after it completed", () => {
    const f = facts({
      service: service([ecsDeployment("ecs-svc/9", { rolloutState: "IN_PROGRESS", createdAt: at(9).toISOString() })]),
      deployments: [
        record("ecs-svc/2", {
          taskDefinitionArn: TD(2),
          startedAt: at(1).toISOString(),
          completedAt: at(4).toISOString(),
          rolledBackAt: at(9).toISOString(),
          rolledBackBy: "guardrails:auto-rollback",
          failures: { crash: 3 },
        }),
      ],
      token: { startedAt: at(2).toISOString(), deploymentId: "ecs-svc/2", completedAt: at(4).toISOString(), polls: 4 },
      now: at(20),
    });
    expect(judge(f)).toMatchObject({
      outcome: "failed",
      rolledBackBy: "the guardrails (auto-rollback)",
      message: expect.stringMatching(/crash 3/),
    });
  });

  it("fails a deployment that FAILED without a rollback", () => {
    const f = facts({
      service: service([NEW({ rolloutState: "FAILED" })]),
      deployments: [
        record("ecs-svc/2", {
          startedAt: at(1).toISOString(),
          failedAt: at(5).toISOString(),
          reasons: ["tasks failed to start"],
        }),
      ],
    });
    expect(judge(f)).toMatchObject({
      outcome: "failed",
      message: expect.stringMatching(/FAILED: tasks failed to start/),
    });
  });

  it("fails when a mapped alarm is in ALARM during the bake", () => {
    const f = facts({
      service: service([NEW({ rolloutState: "COMPLETED" })]),
      alarms: ["web-5xx"],
      state: state({ alarms: { "web-5xx": { state: "ALARM", at: at(5).toISOString() } } }),
      now: at(6),
    });
    expect(judge(f)).toMatchObject({ outcome: "failed", message: expect.stringMatching(/alarm web-5xx is in ALARM/) });
  });

  it("fails when tasks fail in the bake window up to the auto-rollback threshold", () => {
    const f = facts({
      service: service([NEW({ rolloutState: "COMPLETED" })]),
      token: { startedAt: at(2).toISOString(), completedAt: at(4).toISOString(), polls: 2 },
      now: at(8),
    });
    const failure = (m: number): FailureEntry => ({
      ...REF,
      deploymentId: "ecs-svc/2",
      class: "crash",
      time: at(m).toISOString(),
      taskId: `t${m}`,
      taskDefinitionArn: TD(2),
      explanation: "exit 1",
    });
    expect(judge(f, [failure(3), failure(5), failure(6)]).outcome).toBe("continue");
    expect(judge(f, [failure(5), failure(6), failure(7)])).toMatchObject({
      outcome: "failed",
      message: expect.stringMatching(/3 tasks failed in the bake window/),
    });
  });

  it("times out a deployment that never completes, saying how far it got", () => {
    expect(judge(facts({ now: at(32) }))).toMatchObject({
      outcome: "failed",
      message: expect.stringMatching(/timed out: still IN_PROGRESS after 30 minutes \(1 of 2 running\)/),
    });
  });

  it("times out when no deployment ever appears", () => {
    const f = facts({ service: service([ecsDeployment("ecs-svc/1")]), deployments: [] });
    expect(judge(f).outcome).toBe("continue");
    expect(judge({ ...f, now: at(33) })).toMatchObject({
      outcome: "failed",
      message: expect.stringMatching(/no ECS deployment of prod\/web appeared within 30 minutes/),
    });
  });

  it("fails a deployment replaced by another before it completed", () => {
    const f = facts({
      service: service([
        ecsDeployment("ecs-svc/5", { createdAt: at(4).toISOString(), rolloutState: "IN_PROGRESS" }),
        NEW({ status: "ACTIVE" }),
      ]),
      token: { startedAt: at(2).toISOString(), deploymentId: "ecs-svc/2", polls: 1 },
    });
    expect(judge(f)).toMatchObject({
      outcome: "failed",
      message: expect.stringMatching(/replaced by deployment ecs-svc\/5 .* before it completed/),
    });
  });
});

describe("the continuation token", () => {
  it("round-trips and stays within CodePipeline's 2048 characters", () => {
    const token = { startedAt: GATE_AT, deploymentId: `ecs-svc/${"9".repeat(19)}`, completedAt: GATE_AT, polls: 1440 };
    const text = encodeToken(token);
    expect(text.length).toBeLessThan(TOKEN_MAX);
    expect(decodeToken(text)).toEqual(token);
  });

  it("is not taken from someone else's token", () => {
    expect(decodeToken("token_ID")).toBeUndefined();
    expect(decodeToken("gv1.bm90IGpzb24")).toBeUndefined();
  });
});

describe("finding the deployment that carries this execution's release", () => {
  const R1 = ecsDeployment("ecs-svc/r1", {
    status: "ACTIVE",
    taskDefinition: TD(1),
    rolloutState: "COMPLETED",
    createdAt: at(5).toISOString(),
  });
  const D2 = ecsDeployment("ecs-svc/d2", {
    status: "PRIMARY",
    taskDefinition: TD(3),
    rolloutState: "IN_PROGRESS",
    createdAt: at(10).toISOString(),
    runningCount: 1,
  });

  it("judges the retried deploy action's deployment, not the first one it rolled back (Retry failed actions)", () => {
    const f = facts({
      now: at(12),
      token: { startedAt: at(11).toISOString(), polls: 0 },
      service: service([D2, R1, { ...OLD, status: "INACTIVE" }]),
      deployments: [
        record("ecs-svc/d1", {
          taskDefinitionArn: TD(2),
          startedAt: at(1).toISOString(),
          rolledBackAt: at(5).toISOString(),
          rolledBackBy: "ecs-circuit-breaker",
        }),
        record("ecs-svc/r1", {
          startedAt: at(5).toISOString(),
          rollbackOf: "ecs-svc/d1",
          initiatedBy: "ecs-circuit-breaker",
          completedAt: at(7).toISOString(),
        }),
        record("ecs-svc/d2", { taskDefinitionArn: TD(3), startedAt: at(10).toISOString() }),
      ],
      baseline: { deploymentId: "ecs-svc/1", at: GATE_AT, deploymentIds: ["ecs-svc/1"] },
    });
    expect(findDeployment(f)?.id).toBe("ecs-svc/d2");
    expect(judge(f)).toMatchObject({ outcome: "continue", deploymentId: "ecs-svc/d2" });
  });

  it("never judges a person's deployment between the gate and the deploy action as the release, and reports it", () => {
    const person = ecsDeployment("ecs-svc/p", {
      status: "ACTIVE",
      taskDefinition: TD(5),
      rolloutState: "COMPLETED",
      createdAt: at(1).toISOString(),
    });
    const release = ecsDeployment("ecs-svc/d", {
      status: "PRIMARY",
      taskDefinition: TD(6),
      rolloutState: "IN_PROGRESS",
      createdAt: at(3).toISOString(),
      runningCount: 1,
    });
    const f = facts({
      now: at(5),
      token: { startedAt: at(4).toISOString(), polls: 0 },
      service: service([release, person]),
      deployments: [],
      baseline: { deploymentId: "ecs-svc/1", at: GATE_AT, deploymentIds: ["ecs-svc/1"] },
    });
    expect(findDeployment(f)?.id).toBe("ecs-svc/d");
    expect(judge(f)).toMatchObject({
      outcome: "continue",
      deploymentId: "ecs-svc/d",
      summary: expect.stringContaining(
        "ecs-svc/p (web:5) started after the gate by someone else: a replacement, not judged as the release",
      ),
    });
  });

  it("follows the deployment it found, and reports a later one as its replacement", () => {
    const release = ecsDeployment("ecs-svc/d", {
      status: "ACTIVE",
      taskDefinition: TD(6),
      rolloutState: "IN_PROGRESS",
      createdAt: at(3).toISOString(),
    });
    const later = ecsDeployment("ecs-svc/q", {
      status: "PRIMARY",
      taskDefinition: TD(7),
      rolloutState: "IN_PROGRESS",
      createdAt: at(8).toISOString(),
    });
    const f = facts({
      now: at(9),
      token: { startedAt: at(4).toISOString(), polls: 2, deploymentId: "ecs-svc/d" },
      service: service([later, release]),
      deployments: [],
      baseline: { deploymentId: "ecs-svc/1", at: GATE_AT, deploymentIds: ["ecs-svc/1"] },
    });
    expect(findDeployment(f)?.id).toBe("ecs-svc/d");
    expect(judge(f)).toMatchObject({
      outcome: "failed",
      deploymentId: "ecs-svc/d",
      message: expect.stringMatching(/was replaced by deployment ecs-svc\/q/),
    });
  });

  it("never takes a deployment the gate saw, even one created after the gate's clock read", () => {
    const seen = ecsDeployment("ecs-svc/s", {
      status: "PRIMARY",
      taskDefinition: TD(4),
      rolloutState: "IN_PROGRESS",
      createdAt: at(0.1).toISOString(),
    });
    const f = facts({
      service: service([seen, OLD]),
      deployments: [],
      baseline: { deploymentId: "ecs-svc/1", at: GATE_AT, deploymentIds: ["ecs-svc/1", "ecs-svc/s"] },
    });
    expect(findDeployment(f)).toBeUndefined();
  });
});
