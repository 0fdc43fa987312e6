import type { ServiceRef } from "../../events/model.ts";
import type { FailureClass } from "../../events/stop-class.ts";
import type { DeploymentRecord, FailureEntry, ServiceState } from "../../history/model.ts";
import type { ServiceDescription } from "../../model/description.ts";
import { ecsRollbackMechanisms } from "../../model/deployments.ts";
import { placeText } from "../../model/service-ref.ts";
import { failureText, revision } from "./gate.ts";
import type { VerifyToken } from "./token.ts";

// verify, after the deploy action: find the ECS deployment the pipeline started and follow it
// until it completed and stayed clean through the bake (success), or failed, was rolled back —
// by ECS's circuit breaker, ECS's deployment alarms or the guardrails — or timed out (failure).
// Pure: the use case loads the facts, and each invocation answers from them and the token.

/** What the gate saw: the current deployment, when it looked, and every deployment that existed then. */
export type Baseline = { deploymentId: string | undefined; at: string; deploymentIds?: string[] | undefined };

export type VerifyFacts = {
  ref: ServiceRef;
  now: Date;
  token: VerifyToken;
  timeoutMinutes: number;
  bakeMinutes: number;
  service: ServiceDescription | undefined;
  deployments: DeploymentRecord[];
  state: ServiceState | undefined;
  alarms: readonly string[];
  /** What the gate saw before the deploy action, when it ran for this execution. */
  baseline: Baseline | undefined;
  failureThreshold: number;
  failureClasses: readonly FailureClass[];
};

export type VerifyDecision =
  | { outcome: "continue"; token: VerifyToken; deploymentId: string | undefined; summary: string }
  | { outcome: "succeeded"; deploymentId: string; summary: string }
  | { outcome: "failed"; deploymentId: string | undefined; message: string; rolledBackBy: string | undefined };

type Candidate = {
  id: string;
  createdAt: string | undefined;
  taskDefinition: string | undefined;
  rolledBack?: boolean | undefined;
  passedOver?: Candidate[] | undefined;
};

/**
 * The deployment that carries this execution's release. ECS's deployments carry no pipeline
 * execution, so it is found by elimination (docs/capabilities/deploy-stage.md):
 *  - once found, it is followed by id (the token keeps it): a later deployment is its replacement;
 *  - otherwise the newest deployment that did not exist when the gate looked (not among the ids
 *    it saw, created after it), nor a rollback or capacity change of ours or ECS's. The newest,
 *    because verify runs after the deploy action succeeded: "Retry failed actions" makes a second
 *    deployment after the rolled-back first, and a person's or Terraform's deployment between the
 *    gate and the deploy action comes before the deploy action's. Those passed over are reported,
 *    never judged. Without a gate record, the window is the timeout before verify first ran.
 */
export function findDeployment(
  facts: Pick<VerifyFacts, "token" | "service" | "deployments" | "baseline" | "timeoutMinutes">,
): Candidate | undefined {
  const since =
    facts.baseline?.at ?? new Date(Date.parse(facts.token.startedAt) - facts.timeoutMinutes * 60_000).toISOString();
  const records = new Map(facts.deployments.map((r) => [r.deploymentId, r]));
  const candidates = new Map<string, Candidate>();
  for (const d of facts.service?.deployments ?? [])
    candidates.set(d.id, {
      id: d.id,
      createdAt: d.createdAt,
      taskDefinition: d.taskDefinition,
      rolledBack: d.rolloutState === "FAILED",
    });
  for (const r of facts.deployments) {
    const rolledBack = r.rolledBackAt !== undefined || r.failedAt !== undefined;
    const listed = candidates.get(r.deploymentId);
    candidates.set(
      r.deploymentId,
      listed
        ? { ...listed, rolledBack: listed.rolledBack || rolledBack }
        : { id: r.deploymentId, createdAt: r.startedAt, taskDefinition: r.taskDefinitionArn, rolledBack },
    );
  }
  const pinned = facts.token.deploymentId;
  if (pinned) return candidates.get(pinned) ?? { id: pinned, createdAt: undefined, taskDefinition: undefined };
  const seen = new Set([facts.baseline?.deploymentId, ...(facts.baseline?.deploymentIds ?? [])]);
  const fresh = [...candidates.values()]
    .filter((c) => !seen.has(c.id) && c.createdAt !== undefined && c.createdAt >= since)
    .filter((c) => !records.get(c.id)?.rollbackOf && !records.get(c.id)?.initiatedBy)
    .sort((a, b) => b.createdAt!.localeCompare(a.createdAt!));
  const [newest, ...older] = fresh;
  return newest && { ...newest, passedOver: older };
}

/** What verify passed over, in one clause: an earlier, rolled-back attempt, or someone else's deployment. */
function passedOver(target: Candidate): string {
  return (target.passedOver ?? [])
    .map(
      (c) =>
        `; deployment ${c.id} (${revision(c.taskDefinition)}) ${c.rolledBack ? "failed or was rolled back before the release (an earlier attempt): not judged" : "started after the gate by someone else: a replacement, not judged as the release"}`,
    )
    .join("");
}

export function decideVerify(
  facts: VerifyFacts,
  target: Candidate | undefined,
  failures: FailureEntry[],
): VerifyDecision {
  const elapsedMinutes = (facts.now.getTime() - Date.parse(facts.token.startedAt)) / 60_000;
  const timedOut = elapsedMinutes >= facts.timeoutMinutes;
  if (!target) {
    if (timedOut)
      return failed(
        undefined,
        `no ECS deployment of ${name(facts)} appeared within ${facts.timeoutMinutes} minutes of verify starting${facts.baseline ? ` (the gate saw ${facts.baseline.deploymentId ?? "none"})` : ""}`,
      );
    return next(facts, undefined, `waiting for the deploy action's deployment of ${name(facts)} to appear`);
  }
  const record = facts.deployments.find((r) => r.deploymentId === target.id);
  const listed = facts.service?.deployments.find((d) => d.id === target.id);
  const label = `deployment ${target.id} (${revision(target.taskDefinition)})`;
  const classes = `failures by class: ${record ? failureText(record) : "none recorded"}${passedOver(target)}`;
  const rollback = facts.deployments.find((r) => r.rollbackOf === target.id);
  if (record?.rolledBackAt || rollback) {
    const by = rolledBackBy(record, rollback);
    return failed(
      target.id,
      `${label} was rolled back by ${by}${rollback ? ` (rollback deployment ${rollback.deploymentId}, to ${revision(rollback.taskDefinitionArn)})` : ""}${reasons(record)}; ${classes}`,
      by,
    );
  }
  if (listed?.rolloutState === "FAILED" || record?.failedAt) {
    // ECS lists its own rollback a moment later: say it is coming rather than wait for it.
    const ecs = ecsRollbackMechanisms({
      ref: facts.ref,
      state: facts.state,
      deployments: facts.deployments,
      service: facts.service,
      recent: [],
    });
    const by = ecs.length > 0 ? `ECS (${ecs.join(", ")})` : undefined;
    return failed(
      target.id,
      `${label} FAILED${reasons(record)}${by ? `; ECS rolls it back with ${ecs.join(" and ")}` : ""}; ${classes}`,
      by,
    );
  }
  const primary = facts.service?.deployments.find((d) => d.status === "PRIMARY");
  const completed = listed?.rolloutState === "COMPLETED" || record?.completedAt !== undefined;
  if (primary && primary.id !== target.id) {
    return failed(
      target.id,
      `${label} was replaced by deployment ${primary.id} (${revision(primary.taskDefinition)}) ${completed ? "during the bake window" : "before it completed"}; ${classes}`,
    );
  }
  if (completed) {
    const completedAt = facts.token.completedAt ?? record?.completedAt ?? facts.now.toISOString();
    const firing = facts.alarms.filter((a) => facts.state?.alarms[a]?.state === "ALARM");
    if (firing.length > 0)
      return failed(
        target.id,
        `${label} completed, but ${firing.map((a) => `alarm ${a}`).join(", ")} ${firing.length > 1 ? "are" : "is"} in ALARM; ${classes}`,
      );
    const baked = failures.filter(
      (f) => f.time >= completedAt && facts.failureClasses.includes(f.class as FailureClass),
    );
    if (baked.length >= facts.failureThreshold)
      return failed(
        target.id,
        `${label} completed, but ${baked.length} tasks failed in the bake window (threshold ${facts.failureThreshold}); ${classes}`,
      );
    const bakedMinutes = (facts.now.getTime() - Date.parse(completedAt)) / 60_000;
    if (bakedMinutes >= facts.bakeMinutes)
      return {
        outcome: "succeeded",
        deploymentId: target.id,
        summary: `${label} completed and stayed clean for ${facts.bakeMinutes} minutes; ${classes}`,
      };
    if (timedOut)
      return failed(
        target.id,
        `${label} completed, but the bake (${facts.bakeMinutes} min) did not end within the ${facts.timeoutMinutes}-minute timeout; ${classes}`,
      );
    return next(
      facts,
      { ...facts.token, deploymentId: target.id, completedAt },
      `${label} completed; baking (${Math.floor(bakedMinutes)} of ${facts.bakeMinutes} min)`,
    );
  }
  if (timedOut)
    return failed(
      target.id,
      `${label} timed out: still ${listed?.rolloutState ?? "in progress"} after ${facts.timeoutMinutes} minutes (${listed ? `${listed.runningCount} of ${listed.desiredCount} running` : "not listed by ECS"}); ${classes}`,
    );
  return next(
    facts,
    { ...facts.token, deploymentId: target.id },
    `${label} in progress${listed ? ` (${listed.runningCount} of ${listed.desiredCount} running)` : ""}${passedOver(target)}`,
  );
}

function rolledBackBy(record: DeploymentRecord | undefined, rollback: DeploymentRecord | undefined): string {
  const who = record?.rolledBackBy ?? rollback?.initiatedBy ?? "ecs-circuit-breaker";
  if (who.startsWith("guardrails:")) return `the guardrails (${who.slice("guardrails:".length)})`;
  if (who === "ecs-circuit-breaker") return "ECS (circuit breaker or deployment alarms)";
  return who;
}

const reasons = (r: DeploymentRecord | undefined) => (r && r.reasons.length > 0 ? `: ${r.reasons.join("; ")}` : "");
const name = (f: Pick<VerifyFacts, "ref">) => `${f.ref.cluster}/${f.ref.service}${placeText(f.ref)}`;

function next(facts: VerifyFacts, token: VerifyToken | undefined, summary: string): VerifyDecision {
  const t = token ?? facts.token;
  return { outcome: "continue", token: { ...t, polls: t.polls + 1 }, deploymentId: t.deploymentId, summary };
}

function failed(deploymentId: string | undefined, message: string, rolledBackBy?: string): VerifyDecision {
  return { outcome: "failed", deploymentId, message, rolledBackBy };
}
