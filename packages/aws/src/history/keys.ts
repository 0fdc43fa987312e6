import type { ServiceRef } from "@ecs-guardrails/core/events/model";

// Single-table layout (docs/history.md). One partition per service holds its state item,
// deployments, failures, task versions and timeline; the gsi1 index groups timeline entries
// per cluster and day so "recent events across a cluster" never scans and no partition grows
// without bound.

// A member account's service is keyed with its account and Region in front; a home service
// (no account on its reference) keeps the key it always had, so existing tables need no
// migration (docs/design/accounts.md).
export const placed = (ref: { account?: string | undefined; region?: string | undefined }) =>
  ref.account ? `${ref.account}#${ref.region ?? "-"}#` : "";
export const servicePk = (ref: ServiceRef) => `SVC#${placed(ref)}${ref.cluster}#${ref.service}`;
export const STATE_SK = "STATE";
/** The service as first seen (core's history/service-seed.ts), beside its state. */
export const SEED_SK = "SEED";
export const taskSk = (taskId: string) => `TASK#${taskId}`;
export const deploymentSk = (deploymentId: string) => `DEP#${deploymentId}`;
export const DEPLOYMENT_PREFIX = "DEP#";
export const timelineSk = (time: string, eventId: string) => `T#${time}#${eventId}`;
export const TIMELINE_PREFIX = "T#";
export const failureSk = (deploymentId: string, cls: string, time: string, taskId: string) =>
  `FAIL#${deploymentId}#${cls}#${time}#${taskId}`;
export const failurePrefix = (deploymentId: string, cls?: string) => `FAIL#${deploymentId}#${cls ? `${cls}#` : ""}`;
export const clusterDayPk = (
  cluster: string,
  time: string,
  place: { account?: string | undefined; region?: string | undefined } = {},
) => `CLUSTER#${placed(place)}${cluster}#${time.slice(0, 10)}`;
export const clusterSk = (time: string, service: string, eventId: string) => `${time}#${service}#${eventId}`;

export const GSI1 = "gsi1";
export const TTL_ATTRIBUTE = "expiresAt";

// Right-sizing: each service's latest recommendation in its own partition, listed for the
// digest and the CLI through gsi1 under one key; the weekly digest's claim per week.
export const RECOMMENDATION_SK = "RIGHTSIZING";
export const RECOMMENDATIONS_GSI1PK = "RIGHTSIZING";
export const recommendationGsi1Sk = (ref: ServiceRef) => `${placed(ref)}${ref.cluster}#${ref.service}`;
export const DIGEST_PK = "DIGEST#right-sizing";

// The claim-once ledger's claims (engine/ledger.ts), one partition per key: written before
// anything is decided, so a key needs no service (a job's parameters may not name one).
export const ledgerPk = (key: string) => `CLAIM#${key}`;
export const LEDGER_SK = "CLAIM";
/** Claims outlive every retry they guard (CodePipeline's 24-hour action limit, Lambda's, ECS's) comfortably. */
export const LEDGER_DAYS = 7;

// The delivered envelopes (guardrails export), one partition per UTC day: a day of an account's
// ECS events is one query, and no partition grows without bound.
export const archivePk = (time: string) => `EVENTS#${time.slice(0, 10)}`;
export const archiveSk = (time: string, eventId: string) => `${time}#${eventId}`;
// The times the reconcile ran, beside them: a day partition of their own, so no reader of the
// envelopes (an earlier CLI's export included) meets an item that is not one.
export const tickPk = (time: string) => `TICKS#${time.slice(0, 10)}`;
/**
 * The service a partition key belongs to, place included: ECS names never hold "#", so
 * `SVC#cluster#service` is home's and `SVC#account#region#cluster#service` a member's. Readers
 * rebuild references from it rather than from attributes older items never had.
 */
export function refOfPk(pk: unknown): ServiceRef | undefined {
  const parts = typeof pk === "string" ? pk.split("#") : [];
  if (parts[0] !== "SVC") return undefined;
  if (parts.length === 3) return { cluster: parts[1]!, service: parts[2]! };
  if (parts.length === 5) return { account: parts[1]!, region: parts[2]!, cluster: parts[3]!, service: parts[4]! };
  return undefined;
}
