import { describe, expect, it } from "vitest";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import { prefetched } from "@ecs-guardrails/core/engine/prefetch-targets";
import type { ScalableTargets } from "@ecs-guardrails/core/capabilities/scheduled-scaling/ports";
import { serviceKey } from "@ecs-guardrails/core/model/service-ref";
import type { ScalableTargetView } from "@ecs-guardrails/core/model/snapshot";

// The reconcile's one batched DescribeScalableTargets pass, then each service served from it.

const view = (min: number): ScalableTargetView => ({
  minCapacity: min,
  maxCapacity: 10,
  suspended: { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false },
});
const refs: ServiceRef[] = [1, 2, 3].map((n) => ({ cluster: "prod", service: `s${n}` }));

function recordingPort(options: { failFirst?: boolean } = {}) {
  const asked: string[][] = [];
  let failing = options.failFirst ?? false;
  const port: ScalableTargets = {
    async describe(wanted) {
      asked.push(wanted.map(serviceKey));
      if (failing) {
        failing = false;
        throw new Error("ThrottlingException");
      }
      // s2 has no scalable target.
      return new Map(
        wanted.filter((r) => r.service !== "s2").map((r) => [serviceKey(r), view(Number(r.service.slice(1)))]),
      );
    },
    setRange: async () => undefined,
    scalingPolicies: async () => [],
  };
  return { port, asked };
}

describe("prefetched scalable targets", () => {
  it("read every service in one pass, then answer each service from it, absent ones included", async () => {
    const { port, asked } = recordingPort();
    const cached = await prefetched(port, refs);

    expect((await cached.describe([refs[0]!])).get("prod/s1")).toEqual(view(1));
    expect((await cached.describe([refs[1]!])).has("prod/s2")).toBe(false);
    expect(asked).toEqual([["prod/s1", "prod/s2", "prod/s3"]]);
  });

  it("read a service again once its range was set, and one not asked for up front", async () => {
    const { port, asked } = recordingPort();
    const cached = await prefetched(port, refs);

    await cached.setRange(refs[2]!, { minCapacity: 1, maxCapacity: 1 });
    await cached.describe([refs[2]!]);
    await cached.describe([{ cluster: "other", service: "x" }]);
    expect(asked).toEqual([["prod/s1", "prod/s2", "prod/s3"], ["prod/s3"], ["other/x"]]);
  });

  it("leave each service to read its own when the pass fails", async () => {
    const { port, asked } = recordingPort({ failFirst: true });
    const cached = await prefetched(port, refs);

    expect((await cached.describe([refs[0]!])).get("prod/s1")).toEqual(view(1));
    expect(asked).toEqual([["prod/s1", "prod/s2", "prod/s3"], ["prod/s1"]]);
  });
});
