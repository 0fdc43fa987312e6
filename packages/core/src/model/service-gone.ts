import type { Decision } from "./decision.ts";
import { serviceKey } from "./service-ref.ts";
import type { Snapshot } from "./snapshot.ts";

// A watched service ECS no longer has: any capability's state for it is closed with one notice.

/** Deleted, or being deleted: nothing to watch any more. */
export const gone = (s: Snapshot) => !s.service || s.service.status === "DRAINING" || s.service.status === "INACTIVE";

/** A watched service that no longer exists ends the policy's state, with one info notice, instead of failing every tick. */
export function serviceGone(policy: string, snapshot: Snapshot): { decisions: Decision[] } {
  const stored = snapshot.state?.policies[policy];
  if (!stored || Object.keys(stored as object).length === 0) return { decisions: [] };
  const { cluster, service } = snapshot.ref;
  return {
    decisions: [
      {
        policy,
        key: `${policy}#service-gone#${snapshot.state?.updatedAt ?? "unknown"}`,
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
