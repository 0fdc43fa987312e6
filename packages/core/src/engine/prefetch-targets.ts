import type { ServiceRef } from "../events/model.ts";
import type { ScalableTargets } from "./gateways.ts";
import { serviceKey } from "../model/service-ref.ts";
import type { ScalableTargetView } from "../model/snapshot.ts";

// The reconcile looks at many services: one DescribeScalableTargets pass for all of them (the
// adapter asks 50 a call: 20 calls for 1,000 services, not 1,000), then each service's read is
// served from it. Application Auto Scaling's rate limits are far lower than ECS's.

/**
 * `port` with the scalable targets of `refs` read up front. A failed pass changes nothing:
 * each service then reads its own. A service's entry is dropped once its range is set, so a
 * later look in the same tick (the retry of a parked decision) reads it again.
 */
export async function prefetched(port: ScalableTargets, refs: readonly ServiceRef[]): Promise<ScalableTargets> {
  if (refs.length < 2) return port;
  let known: Map<string, ScalableTargetView>;
  try {
    known = await port.describe(refs);
  } catch {
    return port;
  }
  const asked = new Set(refs.map(serviceKey));
  return {
    async describe(wanted) {
      if (!wanted.every((r) => asked.has(serviceKey(r)))) return port.describe(wanted);
      return new Map(
        wanted.flatMap((r) => (known.has(serviceKey(r)) ? [[serviceKey(r), known.get(serviceKey(r))!] as const] : [])),
      );
    },
    async setRange(ref, change) {
      asked.delete(serviceKey(ref));
      await port.setRange(ref, change);
    },
    // Passed on unread: the reconcile never asks for scaling policies.
    scalingPolicies: port.scalingPolicies.bind(port),
  };
}
