import { describe, expect, it } from "vitest";
import { recommend } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import { explainLines } from "@ecs-guardrails/core/capabilities/right-sizing/texts";
import { fargateUsage, minutes, settings } from "../../../../support/right-sizing.ts";

// Each recommendation says how often the recommended size would have been exceeded over the
// lookback, per dimension, and memory never goes below the observed peak plus headroom.

describe("the performance risk of a recommendation", () => {
  it("counts the datapoints whose use is above the recommended size, per dimension", () => {
    // The base service: 72 of 1,440 minutes at 80 % of 1024 = 819.2 units, above the
    // recommended 0.25 vCPU (256); memory peaks at 1024 MiB, under the recommended 2 GB.
    const r = recommend(fargateUsage(), settings());

    expect(r.recommended).toEqual({ cpu: 256, memory: 2048 });
    expect(r.evidence.risk).toEqual({
      basis: "datapoints",
      periodSeconds: 60,
      cpu: { above: 72, points: 1440, percent: 5 },
      memory: { above: 0, points: 1440, percent: 0 },
    });
  });

  it("shows a CPU recommendation below the observed peak with its risk in the explanation", () => {
    const lines = explainLines(recommend(fargateUsage(), settings()));

    expect(lines).toContain(
      "risk: cpu above 0.25 vCPU in 72 of 1440 points (5 %) — below the observed peak of 819.2 CPU units; memory above 2 GB in 0 of 1440 points (0 %)",
    );
  });

  it("is measured against the current size for a dimension target tracking keeps", () => {
    const r = recommend(
      fargateUsage({ targetTracking: [{ dimension: "cpu", policyName: "cpu60", targetValue: 60 }] }),
      settings(),
    );

    expect(r.recommended!.cpu).toBe(1024);
    expect(r.evidence.risk?.cpu).toEqual({ above: 0, points: 1440, percent: 0 });
  });
});

describe("the memory floor", () => {
  it("never recommends memory below the observed peak plus the headroom, whatever the percentile", () => {
    // Memory p50 = 25 % of 4096 = 1024 MiB, which the rule (p50, no margin) would size at; the
    // peak is 60 % = 2457.6 MiB: the floor is 2457.6 × 1.10 = 2703.4 MiB → 0.5 vCPU / 3 GB.
    const r = recommend(
      fargateUsage({ memoryUtilization: minutes([1380, 25], [60, 60]) }),
      settings({ memoryPercentile: 50, memoryMarginPercent: 0 }),
    );

    expect(r.dimensions.find((d) => d.dimension === "memory")).toMatchObject({ needed: 2703 });
    expect(r.recommended).toEqual({ cpu: 512, memory: 3072 });
    expect(r.notes).toContain(
      "memory raised to the observed peak 2458 MiB + 10 % headroom (2703 MiB): the rule gave 1024 MiB",
    );
    expect(r.evidence.risk?.memory.above).toBe(0);
  });
});
