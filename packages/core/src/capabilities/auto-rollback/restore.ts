import type { CapacityProviderItem } from "../../model/description.ts";
import {
  isRollingBack,
  type RevisionSettings,
  type RevisionView,
  type ServiceDeploymentView,
} from "../../model/revision-settings.ts";
import { isInProgress } from "../../model/deployments.ts";
import { startOf, type Rollout } from "../../model/rollouts.ts";
import type { Snapshot } from "../../model/snapshot.ts";

// How a rollback restores the known-good revision (docs/capabilities/auto-rollback.md "How it
// rolls back"): while the bad release still rolls out, ECS stops it and returns to its source
// revision, all of it (StopServiceDeployment, ROLLBACK); after it completed, UpdateService with
// the known-good revision's own settings. Pure: ECS's service deployments are in the snapshot.

export type RestorePlan = {
  /** StopServiceDeployment(ROLLBACK) of this in-progress service deployment. */
  serviceDeploymentArn?: string;
  /** Else UpdateService with these settings (the task definition at least). */
  settings?: Omit<RevisionSettings, "taskDefinition">;
  /** The known-good revision restored, when ECS described it. */
  revisionArn?: string;
  /** Said in the decision's reason: what is not restored, and why. */
  note?: string;
};

/** How far back ECS's service deployments are read: from a little before the rollout began. */
export function deploymentsSince(snapshot: Snapshot, rollout: Rollout, now: Date): string {
  const start = Date.parse(startOf(snapshot, rollout.origin) ?? "");
  // Clocks differ a little between ECS's deployment and the event; a day when the start is unknown.
  return new Date(Number.isNaN(start) ? now.getTime() - 86_400_000 : start - 5 * 60_000).toISOString();
}

/**
 * `target`: the known-good task definition; `heldOff`: capacity providers another guardrail
 * keeps the service off now (Spot fallback during an outage), never put back by a rollback.
 */
export function restorePlan(
  snapshot: Snapshot,
  rollout: Rollout,
  target: string,
  heldOff: readonly string[],
): RestorePlan {
  const view = snapshot.serviceDeployments;
  // Not read yet: the engine reads them before it acts on this decision, and decides again.
  if (!view) return {};
  if ("unavailable" in view)
    return {
      note: `only the task definition is restored: ECS's service deployments could not be read (${view.unavailable})`,
    };
  const ours = view.deployments.filter((d) => d.target?.taskDefinition === rollout.taskDefinition);
  // ECS already rolls the release back (a stop of ours whose answer was lost, its own breaker):
  // the same action, which the executor then finds done, never a second one over it.
  const rolling = ours.find(isRollingBack);
  if (rolling) return { serviceDeploymentArn: rolling.arn };
  const stop = stoppable(view.deployments, rollout, target, heldOff);
  if (stop && isInProgress(snapshot, rollout.head))
    return { serviceDeploymentArn: stop.arn, ...(stop.sources[0] ? { revisionArn: stop.sources[0].arn } : {}) };
  const known = knownGoodRevision(view.deployments, ours, target);
  if (!known)
    return {
      note: `only the task definition is restored: the known-good revision ${name(target)} could not be described`,
    };
  return withCapacity(known, heldOff);
}

/**
 * The one in-progress service deployment rolls out the bad revision and replaces only the
 * known-good one, none of it on a capacity provider held off: ECS's rollback then returns
 * exactly to the known-good revision.
 */
function stoppable(
  deployments: ServiceDeploymentView[],
  rollout: Rollout,
  target: string,
  heldOff: readonly string[],
): ServiceDeploymentView | undefined {
  const running = deployments.filter((d) => d.status === "IN_PROGRESS" || d.status === "PENDING");
  const [only] = running;
  if (running.length !== 1 || !only || only.target?.taskDefinition !== rollout.taskDefinition) return undefined;
  if (only.sources.length === 0 || only.sources.some((s) => s.taskDefinition !== target)) return undefined;
  return only.sources.some((s) => onHeldOff(s.capacityProviderStrategy, heldOff)) ? undefined : only;
}

/**
 * The revision the release replaced (its first service deployment's source), else the newest
 * revision with the known-good task definition that ECS rolled out successfully.
 */
function knownGoodRevision(
  deployments: ServiceDeploymentView[],
  ours: ServiceDeploymentView[],
  target: string,
): RevisionView | undefined {
  const oldestFirst = [...ours].sort((a, b) => (a.createdAt ?? "").localeCompare(b.createdAt ?? ""));
  const replaced = oldestFirst[0]?.sources.find((s) => s.taskDefinition === target);
  if (replaced) return replaced;
  const newestFirst = [...deployments].sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? ""));
  return newestFirst.find((d) => d.status === "SUCCESSFUL" && d.target?.taskDefinition === target)?.target;
}

function withCapacity(known: RevisionView, heldOff: readonly string[]): RestorePlan {
  const { arn, taskDefinition: _, capacityProviderStrategy, ...rest } = known;
  const strategy = capacityProviderStrategy?.length ? capacityProviderStrategy : undefined;
  if (strategy && onHeldOff(strategy, heldOff))
    return {
      settings: rest,
      revisionArn: arn,
      note: `the capacity provider strategy is kept: the known-good revision runs on ${held(strategy, heldOff).join(", ")}, which Spot fallback keeps the service off during the outage`,
    };
  return { settings: { ...rest, ...(strategy ? { capacityProviderStrategy: strategy } : {}) }, revisionArn: arn };
}

const held = (strategy: CapacityProviderItem[], heldOff: readonly string[]) =>
  strategy.map((s) => s.capacityProvider).filter((p) => heldOff.includes(p));
const onHeldOff = (strategy: CapacityProviderItem[] | undefined, heldOff: readonly string[]) =>
  held(strategy ?? [], heldOff).length > 0;
const name = (td: string) => td.slice(td.lastIndexOf("/") + 1);
