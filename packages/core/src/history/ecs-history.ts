import type { ServiceRef } from "../events/model.ts";
import { deriveOutcome, type DeploymentRecord } from "./model.ts";
import type { ListedDeployment } from "./observed.ts";
import type {
  ImportSummary,
  KnownGoodRevision,
  ServiceDeploymentBrief,
  ServiceDeploymentView,
  ServiceRevisionView,
} from "../model/known-good.ts";

// What ECS's own deployment history (model/known-good.ts) tells about a service the guardrails
// have just met: each deployment's outcome, who rolled back what, and the last known-good
// revision with its whole configuration. Pure: the import (import.ts) reads, this decides.

/** Deployments an import describes at most, newest first: one DescribeServiceDeployments call. */
export const IMPORT_CAP = 20;
/** ListServiceDeployments pages an import reads at most (100 deployments each). */
export const IMPORT_MAX_PAGES = 3;
export const LIST_PAGE_SIZE = 100;
/** How far back ECS keeps service deployments. */
export const ECS_HISTORY_DAYS = 90;

/** Who rolled a deployment back: ECS itself (its `rollback`), or a person's UpdateService back to an earlier revision. */
export type RolledBackBy = "ecs" | "person";

/** One deployment of ECS's history as the service's history records it (a DeploymentRecord with source "imported"). */
export type ImportedDeployment = {
  /** The `ecs-svc/…` id when ECS still lists the deployment and it resolved; else the service deployment ARN. */
  deploymentId: string;
  serviceDeploymentArn: string;
  serviceRevisionArn: string | undefined;
  taskDefinitionArn: string | undefined;
  status: string;
  startedAt: string | undefined;
  completedAt: string | undefined;
  failedAt: string | undefined;
  rolledBackAt: string | undefined;
  rolledBackBy: RolledBackBy | undefined;
  /** For a person's rollback: the deployment it rolled back. */
  rollbackOf: string | undefined;
  reasons: string[];
};

export type ImportedHistory = {
  deployments: ImportedDeployment[];
  knownGood: KnownGoodRevision | undefined;
  /**
   * The newest success nobody rolled back that DescribeServices no longer lists (drained: only
   * ECS's history names it), with its revision: what the listed deployments replaced, which
   * replay's seed needs to return to it as ECS would (cli replay/service-seed.ts).
   */
  drained?: KnownGoodRevision | undefined;
};

/** The newest `cap` deployments of what ListServiceDeployments gave (its order is not documented). */
export function newestDeployments(
  briefs: readonly ServiceDeploymentBrief[],
  cap: number = IMPORT_CAP,
): ServiceDeploymentBrief[] {
  return [...briefs].sort((a, b) => byTime(b, a)).slice(0, cap);
}

/** Oldest first by creation; of two created at once, the one that finished first (unfinished last). */
function byTime(
  a: Pick<ServiceDeploymentBrief, "createdAt" | "finishedAt">,
  b: Pick<ServiceDeploymentBrief, "createdAt" | "finishedAt">,
): number {
  return (
    (a.createdAt ?? "").localeCompare(b.createdAt ?? "") || (a.finishedAt ?? "~").localeCompare(b.finishedAt ?? "~")
  );
}

/** ECS calls an import of `listed` deployments costs: list pages + describes of ≤ 20 deployments, then ≤ 20 revisions. */
export function importCalls(pages: number, deployments: number, revisions: number): number {
  return pages + Math.ceil(deployments / 20) + Math.ceil(revisions / 20);
}

/**
 * The `ecs-svc/…` deployment DescribeServices lists for a service deployment: the one on the
 * same task definition created closest to it (within `toleranceMs`), and only if no other is as
 * close. ECS documents no relation between the two ids, so none is assumed.
 */
export function resolveDeploymentId(
  target: { taskDefinition: string | undefined; createdAt: string | undefined },
  listed: readonly ListedDeployment[],
  toleranceMs = 10 * 60_000,
): string | undefined {
  if (!target.taskDefinition || !target.createdAt) return undefined;
  const at = Date.parse(target.createdAt);
  const near = listed
    .filter((d) => d.taskDefinition === target.taskDefinition && d.createdAt)
    .map((d) => ({ id: d.id, gap: Math.abs(Date.parse(d.createdAt!) - at) }))
    .filter((d) => d.gap <= toleranceMs)
    .sort((a, b) => a.gap - b.gap);
  if (near.length === 0 || (near.length > 1 && near[1]!.gap === near[0]!.gap)) return undefined;
  return near[0]!.id;
}

const ROLLED_BACK = new Set(["ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"]);
/** Still running: the guardrails follow these live (events, DescribeServices), not from the import. */
const LIVE = new Set(["PENDING", "IN_PROGRESS"]);

/**
 * Each finished deployment's record, the rollbacks (ECS's, from its `rollback` field; a
 * person's, a deployment back to the task definition of one before the deployment it replaced),
 * and the known-good: the newest SUCCESSFUL deployment nobody rolled back, with its revision.
 */
export function summarizeHistory(
  described: readonly ServiceDeploymentView[],
  revisions: readonly ServiceRevisionView[],
  listed: readonly ListedDeployment[],
): ImportedHistory {
  const revisionOf = new Map(revisions.map((r) => [r.serviceRevisionArn, r]));
  const oldestFirst = described.filter((d) => !LIVE.has(d.status)).sort(byTime);
  const records = oldestFirst.map((d) => record(d, revisionOf.get(d.targetServiceRevisionArn ?? ""), listed));
  markPeopleRollbacks(records);
  const good = (r: ImportedDeployment) => Boolean(r.completedAt && !r.rolledBackAt && r.serviceRevisionArn);
  const newestFirst = [...records].reverse();
  // Listed now: PRIMARY or ACTIVE in DescribeServices (an INACTIVE one has drained too).
  const running = new Set(listed.filter((d) => d.status === "PRIMARY" || d.status === "ACTIVE").map((d) => d.id));
  return {
    deployments: newestFirst,
    knownGood: knownGoodOf(newestFirst.find(good), revisionOf),
    drained: knownGoodOf(
      newestFirst.find((r) => good(r) && !running.has(r.deploymentId)),
      revisionOf,
    ),
  };
}

function knownGoodOf(
  good: ImportedDeployment | undefined,
  revisionOf: ReadonlyMap<string, ServiceRevisionView>,
): KnownGoodRevision | undefined {
  const revision = good ? revisionOf.get(good.serviceRevisionArn!) : undefined;
  if (!good || !revision) return undefined;
  return {
    serviceRevisionArn: revision.serviceRevisionArn,
    serviceDeploymentArn: good.serviceDeploymentArn,
    deploymentId: good.deploymentId.startsWith("ecs-svc/") ? good.deploymentId : undefined,
    finishedAt: good.completedAt!,
    config: configOf(revision),
    source: "ecs-history",
  };
}

function record(
  d: ServiceDeploymentView,
  revision: ServiceRevisionView | undefined,
  listed: readonly ListedDeployment[],
): ImportedDeployment {
  const finished = d.finishedAt ?? d.rollback?.startedAt;
  const byEcs = ROLLED_BACK.has(d.status) || d.rollback !== undefined;
  const resolved = resolveDeploymentId({ taskDefinition: revision?.taskDefinition, createdAt: d.createdAt }, listed);
  return {
    deploymentId: resolved ?? d.serviceDeploymentArn,
    serviceDeploymentArn: d.serviceDeploymentArn,
    serviceRevisionArn: d.targetServiceRevisionArn,
    taskDefinitionArn: revision?.taskDefinition,
    status: d.status,
    startedAt: d.startedAt ?? d.createdAt,
    completedAt: d.status === "SUCCESSFUL" ? finished : undefined,
    failedAt: d.status === "SUCCESSFUL" ? undefined : finished,
    rolledBackAt: byEcs ? (d.rollback?.startedAt ?? finished) : undefined,
    rolledBackBy: byEcs ? "ecs" : undefined,
    rollbackOf: undefined,
    reasons: [d.rollback?.reason, d.statusReason].filter((r): r is string => Boolean(r)),
  };
}

/**
 * A deployment that goes back to the task definition of one older than the deployment it
 * replaced, without ECS's `rollback`, is a person's rollback of that replaced deployment.
 * `records`: oldest first.
 */
function markPeopleRollbacks(records: ImportedDeployment[]): void {
  for (let k = 1; k < records.length; k++) {
    const current = records[k]!;
    const replaced = records[k - 1]!;
    if (!current.taskDefinitionArn || replaced.rolledBackBy || current.taskDefinitionArn === replaced.taskDefinitionArn)
      continue;
    const earlier = records.slice(0, k - 1).some((r) => r.taskDefinitionArn === current.taskDefinitionArn);
    if (!earlier) continue;
    current.rollbackOf = replaced.deploymentId;
    replaced.rolledBackAt = current.startedAt;
    replaced.rolledBackBy = "person";
  }
}

function configOf(r: ServiceRevisionView): KnownGoodRevision["config"] {
  return {
    taskDefinition: r.taskDefinition,
    capacityProviderStrategy: r.capacityProviderStrategy,
    launchType: r.launchType,
    platformVersion: r.platformVersion,
    networkConfiguration: r.networkConfiguration,
    loadBalancers: r.loadBalancers,
    serviceRegistries: r.serviceRegistries,
    serviceConnectConfiguration: r.serviceConnectConfiguration,
    volumeConfigurations: r.volumeConfigurations,
  };
}

/** The record the history keeps of an imported deployment (as the store maps it back). */
export function importedRecord(ref: ServiceRef, d: ImportedDeployment): DeploymentRecord {
  const record = {
    ...ref,
    deploymentId: d.deploymentId,
    taskDefinitionArn: d.taskDefinitionArn,
    startedAt: d.startedAt,
    completedAt: d.completedAt,
    failedAt: d.failedAt,
    rolledBackAt: d.rolledBackAt,
    rolledBackBy: d.rolledBackBy,
    rollbackOf: d.rollbackOf,
    rollbackTo: undefined,
    initiatedBy: undefined,
    failures: {},
    failureCount: 0,
    reasons: d.reasons,
    source: "imported" as const,
    serviceDeploymentArn: d.serviceDeploymentArn,
    serviceRevisionArn: d.serviceRevisionArn,
  };
  return { ...record, outcome: deriveOutcome(record) };
}

/** One line on what an import of ECS's history brought, honest about its limits (`history`, the console). */
export function importNote(i: ImportSummary): string {
  if (i.status !== "imported")
    return `ECS's deployment history not imported (${i.status}): ${i.reason ?? "no reason given"}`;
  return `ECS's deployment history: ${i.deployments} deployment(s) imported since ${i.since?.slice(0, 10) ?? "?"}${i.capped ? " (the newest only)" : ""}, at ${i.at.slice(0, 16).replace("T", " ")}`;
}
