import type { AutoRollbackSettings } from "./settings.ts";
import type { RestorePlan } from "./restore.ts";
import { taskDefinitionName } from "../../events/arns.ts";
import type { Rollout } from "../../model/rollouts.ts";
import type { PolicyContext } from "../../engine/policy.ts";
import type { Decision } from "../../model/decision.ts";
import type { UpdateBlock } from "../../model/update-rules.ts";
import { serviceKey } from "../../model/service-ref.ts";

// Auto-rollback's decisions: the rollback itself and every notice it gives instead, with their
// keys (one per rollout and kind, so a redelivered or concurrent event decides once) and texts.

export type Ctx = PolicyContext<AutoRollbackSettings>;

export function rollbackAction(
  ctx: Ctx,
  rollout: Rollout,
  target: string,
  reason: string,
  plan: RestorePlan,
  since: string,
): Decision {
  const from = rollout.taskDefinition;
  const { note, ...how } = plan;
  return {
    ...base(ctx, rollout, "rollback"),
    action: {
      type: "rollback",
      deploymentId: rollout.head,
      taskDefinition: target,
      fromTaskDefinition: from,
      since,
      ...how,
    },
    severity: "critical",
    nextSteps: ROLLBACK_NEXT_STEPS,
    title: `Roll back ${service(ctx)} from ${name(from)} to ${name(target)}`,
    reason: `${reason}${how.serviceDeploymentArn ? "; ECS stops the deployment and returns to its source revision, all of it (StopServiceDeployment, ROLLBACK)" : ""}${note ? `; ${note}` : ""}`,
    facts: {
      ...facts(rollout),
      fromTaskDefinition: from ?? "unknown",
      toTaskDefinition: target,
      ...(how.revisionArn ? { toRevision: how.revisionArn } : {}),
      ...(how.serviceDeploymentArn ? { serviceDeployment: how.serviceDeploymentArn } : {}),
    },
  };
}

const ROLLBACK_NEXT_STEPS = [
  "Look at the failed revision's stopped tasks and logs (`guardrails history --cluster <cluster> --service <service>`)",
  "Fix forward with a new revision; the guardrails will watch that deployment too",
];

export function firstFailure(ctx: Ctx, rollout: Rollout, reason: string): Decision {
  return notice(
    ctx,
    rollout,
    "first-failure",
    "warning",
    `First task failure in the deployment of ${revision(ctx, rollout)}`,
    reason,
  );
}

export function noKnownGood(ctx: Ctx, rollout: Rollout, reason: string): Decision {
  return notice(
    ctx,
    rollout,
    "no-known-good",
    "critical",
    `Cannot roll back ${revision(ctx, rollout)}: no known-good revision`,
    `${reason}; but no earlier deployment of this service completed, so there is nothing safe to roll back to`,
  );
}

/** A restart of the known-good revision fails: an older release is no safer, a person decides. */
export function knownGoodFails(ctx: Ctx, rollout: Rollout, reason: string): Decision {
  return {
    ...notice(
      ctx,
      rollout,
      "known-good-fails",
      "critical",
      `The known-good revision ${revision(ctx, rollout)} itself fails`,
      `${reason}; ${name(rollout.taskDefinition)} is the last revision that completed, so the guardrails do not roll back to an older release`,
    ),
    nextSteps: [
      "Look for a cause outside the revision: a dependency, configuration, secrets, quotas or capacity",
      "Roll back to an older revision by hand only if it is compatible with today's data and APIs",
    ],
  };
}

/** A rollback (ECS's or ours) fails in its turn: never rolled back again, one notice. */
export function rollbackFails(ctx: Ctx, rollout: Rollout, reason: string): Decision {
  return {
    ...notice(
      ctx,
      rollout,
      "rollback-fails",
      "critical",
      `The rollback of ${service(ctx)} to ${name(rollout.taskDefinition)} fails too`,
      `${reason}; the guardrails never roll back a rollback`,
    ),
    nextSteps: [
      "The previous release and the rollback both fail: look for a cause outside the revision (a dependency, configuration, secrets, capacity)",
      "Deploy a fix, or a revision you know works, by hand",
    ],
  };
}

export function ecsRollsBack(ctx: Ctx, rollout: Rollout, reason: string): Decision {
  return notice(
    ctx,
    rollout,
    "ecs-rollback",
    "warning",
    `ECS is rolling back the deployment of ${revision(ctx, rollout)}`,
    reason,
  );
}

/** A rollback the guardrails may not make themselves (deployment controller or strategy). */
export function manualRollback(
  ctx: Ctx,
  rollout: Rollout,
  target: string,
  reason: string,
  block: UpdateBlock,
): Decision {
  const { deploymentController, deploymentStrategy } = ctx.snapshot.service!;
  return {
    ...base(ctx, rollout, "manual-rollback"),
    action: undefined,
    severity: "critical",
    title: `Roll back ${service(ctx)} from ${name(rollout.taskDefinition)} to ${name(target)} by hand`,
    reason: `${reason}; the guardrails do not act: ${block.reason}`,
    nextSteps: block.nextSteps,
    facts: {
      ...facts(rollout),
      fromTaskDefinition: rollout.taskDefinition ?? "unknown",
      toTaskDefinition: target,
      deploymentController,
      deploymentStrategy,
    },
  };
}

function notice(
  ctx: Ctx,
  rollout: Rollout,
  what: string,
  severity: Decision["severity"],
  title: string,
  reason: string,
): Decision {
  return {
    ...base(ctx, rollout, what),
    action: undefined,
    severity,
    title,
    reason,
    facts: { ...facts(rollout), taskDefinition: rollout.taskDefinition ?? "unknown" },
  };
}

/** Keyed and threaded on the rollout's first deployment: one story, one decision of each kind. */
function base(ctx: Ctx, rollout: Rollout, what: string) {
  return {
    policy: "auto-rollback" as const,
    key: `auto-rollback#${what}#${rollout.origin}`,
    threadId: `${serviceKey(ctx.snapshot.ref)}/${rollout.origin}`,
    deploymentId: rollout.head,
  };
}

function facts(rollout: Rollout): Record<string, string> {
  return rollout.origin === rollout.head
    ? { deploymentId: rollout.head }
    : { deploymentId: rollout.head, rolloutOf: rollout.origin, deployments: rollout.members.join(", ") };
}

const service = (ctx: Ctx) => `${ctx.snapshot.ref.cluster}/${ctx.snapshot.ref.service}`;
const revision = (ctx: Ctx, rollout: Rollout) => `${service(ctx)} (${name(rollout.taskDefinition)})`;
const name = (td: string | undefined) => (td ? taskDefinitionName(td) : "unknown revision");
