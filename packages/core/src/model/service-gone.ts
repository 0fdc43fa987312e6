import type { Decision } from "./decision.ts";
import type { ServiceDescription } from "./description.ts";
import { serviceKey } from "./service-ref.ts";
import type { Snapshot } from "./snapshot.ts";

// A watched service ECS no longer has: any capability's state for it is closed with one notice.

/** Deleted, or being deleted: nothing to watch any more. */
export const gone = (s: Snapshot) => goneFromEcs(s.service);

/** What DescribeServices says of a service that is deleted or being deleted (or names no such service). */
export const goneFromEcs = (service: ServiceDescription | undefined) =>
  !service || service.status === "DRAINING" || service.status === "INACTIVE";

/** The key of a service-gone decision (the console marks the service from it when it cannot ask ECS). */
export const SERVICE_GONE_KEY = "#service-gone#";
export const isServiceGoneKey = (key: string) => key.includes(SERVICE_GONE_KEY);

/** A watched service that no longer exists ends the policy's state, with one info notice, instead of failing every tick. */
export function serviceGone(policy: string, snapshot: Snapshot): { decisions: Decision[] } {
  const stored = snapshot.state?.policies[policy];
  if (!stored || Object.keys(stored as object).length === 0) return { decisions: [] };
  const { cluster, service } = snapshot.ref;
  return {
    decisions: [
      {
        policy,
        key: `${policy}${SERVICE_GONE_KEY}${snapshot.state?.updatedAt ?? "unknown"}`,
        action: undefined,
        severity: "info",
        title: `Stopped watching ${cluster}/${service}: the service no longer exists`,
        reason: `ECS reports ${snapshot.service ? `the service as ${snapshot.service.status}` : "no such service"}; ${policy}'s state for it is closed`,
        threadId: `${serviceKey(snapshot.ref)}/${policy}`,
        deploymentId: undefined,
        facts: { status: snapshot.service?.status ?? "MISSING" },
        state: { value: {}, attention: false },
      },
    ],
  };
}
