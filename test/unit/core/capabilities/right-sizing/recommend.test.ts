import { describe, expect, it } from "vitest";
import { recommend } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import { oomBump } from "@ecs-guardrails/core/capabilities/right-sizing/needs";
import { explainLines } from "@ecs-guardrails/core/capabilities/right-sizing/texts";
import { fargateUsage, minutes, settings } from "../../../../support/right-sizing.ts";

// The default rule: CPU = p95 of per-minute Maximum + 15 %, memory = max + 15 %, OOM ×1.2 at
// least +100 MiB, 24 h of data. The base service: 1 vCPU / 4 GB; CPU 1,368 minutes at 20 % and
// 72 at 80 % (p95 = rank 1,368 = 20 %), memory 25 % all day.

describe("recommend on Fargate", () => {
  it("shrinks an over-provisioned service to the cheapest size that holds p95 CPU and peak memory", () => {
    // CPU 20 % of 1024 = 204.8 units × 1.15 = 235.52; memory 25 % of 4096 = 1024 MiB × 1.15 =
    // 1177.6 MiB. 0.25 vCPU has 0.5/1/2 GB → 0.25 vCPU / 2 GB.
    const r = recommend(fargateUsage(), settings());
    expect(r.status).toBe("recommend");
    expect(r.finding).toBe("over-provisioned");
    expect(r.recommended).toEqual({ cpu: 256, memory: 2048 });
    expect(r.dimensions).toEqual([
      {
        dimension: "cpu",
        status: "sized",
        current: 1024,
        needed: 236,
        recommended: 256,
        finding: "over-provisioned",
        bound: "need",
      },
      {
        dimension: "memory",
        status: "sized",
        current: 4096,
        needed: 1178,
        recommended: 2048,
        finding: "over-provisioned",
        bound: "need",
      },
    ]);
    expect(r.summary).toBe("over-provisioned: 1 vCPU / 4 GB → 0.25 vCPU / 2 GB");
  });

  it("stores the evidence: percentiles in CPU units and MiB, points, lookback and the rule", () => {
    const { evidence } = recommend(fargateUsage(), settings());
    // CPU: p50/p90/p95 20 % → 204.8 units; p99 and max 80 % → 819.2; mean 23 % → 235.52.
    expect(evidence.cpu).toEqual({
      count: 1440,
      p50: 204.8,
      p90: 204.8,
      p95: 204.8,
      p99: 819.2,
      max: 819.2,
      mean: 235.52,
    });
    expect(evidence.memory?.max).toBe(1024);
    // The values the margins were added to: CPU p95 204.8 units, memory max 1024 MiB.
    expect(evidence.chosen).toEqual({ cpu: 204.8, memory: 1024 });
    expect(evidence).toMatchObject({
      lookbackHours: 336,
      periodSeconds: 60,
      coverageHours: 24,
      dataPoints: { cpu: 1440, memory: 1440 },
      oomKills: 0,
      boundBy: { cpu: "need", memory: "need" },
    });
    expect(evidence.rule).toEqual({
      cpuPercentile: 95,
      cpuMarginPercent: 15,
      memoryPercentile: 100,
      memoryMarginPercent: 15,
      oomFactor: 1.2,
      oomMinBumpMiB: 100,
    });
  });

  it("says when memory forces the CPU up", () => {
    // Memory 95 % of 4096 = 3891.2 × 1.15 = 4474.88 MiB: more than 0.5 vCPU's 4 GB → 1 vCPU / 5 GB.
    const r = recommend(fargateUsage({ memoryUtilization: minutes([1440, 95]) }), settings());
    expect(r.recommended).toEqual({ cpu: 1024, memory: 5120 });
    expect(r.evidence.boundBy.cpu).toBe("memory forces 1 vCPU");
    expect(r.notes).toContain("memory forces 1 vCPU (4475 MiB needed; a smaller CPU offers at most 4 GB)");
    expect(r.finding).toBe("under-provisioned");
  });

  it("calls a service whose size already fits optimized", () => {
    // CPU 20 % of 256 = 51.2 × 1.15 = 58.9; memory 80 % of 512 = 409.6 × 1.15 = 471 MiB → 0.25 vCPU / 512 MiB.
    const r = recommend(
      fargateUsage({ taskSize: { cpu: 256, memory: 512 }, memoryUtilization: minutes([1440, 80]) }),
      settings(),
    );
    expect(r.status).toBe("optimized");
    expect(r.finding).toBe("optimized");
    expect(r.summary).toBe("optimized at 0.25 vCPU / 512 MiB");
  });

  it("honours configured percentiles and margins", () => {
    // p99 of CPU = 80 % → 819.2 × 1.10 = 901.12 units → 1 vCPU; memory 1024 × 1.10 = 1126.4 → 2 GB.
    const r = recommend(fargateUsage(), settings({ cpuPercentile: 99, cpuMarginPercent: 10, memoryMarginPercent: 10 }));
    expect(r.recommended).toEqual({ cpu: 1024, memory: 2048 });
    expect(r.dimensions.map((d) => d.status === "sized" && d.needed)).toEqual([901, 1126]);
  });
});

describe("after OOM kills of the revision", () => {
  it.each([
    // [limit MiB, bumped]: max(limit × 1.2, limit + 100).
    [4096, 4915.2],
    [512, 614.4],
    [500, 600],
    [300, 400],
  ])("bumps a %i MiB limit to %d MiB", (limit, bumped) => {
    expect(oomBump(limit, { oomFactor: 1.2, oomMinBumpMiB: 100 })).toBeCloseTo(bumped, 9);
  });

  it("raises memory above the limit that was hit, whatever the per-minute peak showed", () => {
    // Peak 25 % → 1177.6 MiB, but 2 OOM kills at the 4096 MiB limit → 4915.2 MiB; CPU 235.52
    // units. 0.5 vCPU stops at 4 GB → 1 vCPU / 5 GB, bound by memory.
    const r = recommend(fargateUsage({ oomKills: 2 }), settings());
    expect(r.recommended).toEqual({ cpu: 1024, memory: 5120 });
    expect(r.finding).toBe("under-provisioned");
    expect(r.evidence.oomKills).toBe(2);
    expect(r.notes[0]).toBe("2 OOM kills of web:7: memory raised to 4916 MiB (limit 4 GB × 1.2, at least +100 MiB)");
  });

  it("keeps the margin-based need when it is already above the bump", () => {
    // A 512 MiB task peaking at 100 % → 512 × 1.15 = 588.8; the bump 614.4 is larger → 1 GB (0.25 vCPU offers 1 GB).
    // With a 50 % margin → 768 > 614.4: the bump does not apply, 1 GB still.
    const small = fargateUsage({
      taskSize: { cpu: 256, memory: 512 },
      memoryUtilization: minutes([1440, 100]),
      oomKills: 1,
    });
    expect(recommend(small, settings()).notes[0]).toMatch(/raised to 615 MiB/);
    expect(recommend(small, settings({ memoryMarginPercent: 50 })).notes).toEqual([]);
  });
});

describe("insufficient data", () => {
  it("refuses to recommend on less than 24 h and says how much there is", () => {
    // 600 points × 60 s = 10 h.
    const r = recommend(
      fargateUsage({ cpuUtilization: minutes([600, 20]), memoryUtilization: minutes([600, 25]) }),
      settings(),
    );
    expect(r.status).toBe("insufficient-data");
    expect(r.recommended).toBeUndefined();
    expect(r.summary).toBe("insufficient data: 10 h of data (600 CPU and 600 memory points), 24 h needed");
  });

  it("counts gaps as no data", () => {
    // 1,440 slots, 1,000 of them missing: 440 points = 7.3 h.
    const gappy = {
      periodSeconds: 60,
      values: [...Array<number>(1000).fill(Number.NaN), ...Array<number>(440).fill(30)],
    };
    expect(recommend(fargateUsage({ memoryUtilization: gappy }), settings()).summary).toMatch(
      /^insufficient data: 7.3 h of data \(1440 CPU and 440 memory points\)/,
    );
  });

  it("uses the configured minimum", () => {
    expect(
      recommend(
        fargateUsage({ cpuUtilization: minutes([600, 20]), memoryUtilization: minutes([600, 25]) }),
        settings({ minHistoryHours: 8 }),
      ).status,
    ).toBe("recommend");
  });
});

describe("target tracking", () => {
  const onCpu = { dimension: "cpu" as const, policyName: "cpu60", targetValue: 60 };
  const onMemory = { dimension: "memory" as const, policyName: "mem70", targetValue: 70 };

  it("skips CPU when the service scales on CPU, says why, and sizes memory", () => {
    // CPU held at 1024; memory 1177.6 MiB → 1 vCPU / 2 GB.
    const r = recommend(fargateUsage({ targetTracking: [onCpu] }), settings());
    expect(r.recommended).toEqual({ cpu: 1024, memory: 2048 });
    expect(r.dimensions[0]).toEqual({
      dimension: "cpu",
      status: "skipped",
      current: 1024,
      reason: expect.stringMatching(/^target tracking scales the task count on CPU \(cpu60, target 60 %\)/),
    });
    expect(r.dimensions[1]).toMatchObject({ dimension: "memory", status: "sized", recommended: 2048 });
    expect(r.notes[0]).toMatch(/^cpu not sized: target tracking/);
  });

  it("skips memory when the service scales on memory; the kept memory can force the CPU", () => {
    // Memory held at 4096; CPU 235.52 → 0.25 vCPU offers at most 2 GB → 0.5 vCPU / 4 GB.
    const r = recommend(fargateUsage({ targetTracking: [onMemory] }), settings());
    expect(r.recommended).toEqual({ cpu: 512, memory: 4096 });
    expect(r.evidence.boundBy.cpu).toBe("memory forces 0.5 vCPU");
    expect(r.dimensions[1]).toMatchObject({
      status: "skipped",
      reason: expect.stringContaining("on memory (mem70, target 70 %)"),
    });
  });

  it("recommends nothing when both dimensions are tracked", () => {
    const r = recommend(fargateUsage({ targetTracking: [onCpu, onMemory] }), settings());
    expect(r.status).toBe("skipped");
    expect(r.recommended).toBeUndefined();
    expect(r.dimensions.map((d) => d.status)).toEqual(["skipped", "skipped"]);
  });
});

describe("recommend on EC2", () => {
  // app: cpu 512, memory 2048 (hard), memoryReservation 1024; sidecar: cpu 256, memory 512,
  // memoryReservation 256. No task size: reservation = 768 units, 1024 + 256 = 1280 MiB.
  const ec2 = fargateUsage({
    launchType: "EC2",
    taskSize: undefined,
    containers: [
      { name: "app", cpu: 512, memory: 2048, memoryReservation: 1024 },
      { name: "sidecar", cpu: 256, memory: 512, memoryReservation: 256 },
    ],
    cpuUtilization: minutes([1440, 50]),
    memoryUtilization: minutes([1368, 50], [72, 60]),
  });

  it("recommends container reservations, not a Fargate size", () => {
    // CPU 50 % of 768 = 384 × 1.15 = 441.6 → app 2/3 = 294.4 → 295, sidecar 1/3 = 147.2 → 148.
    // memory (hard) max 60 % of 1280 = 768 × 1.15 = 883.2 → by hard limits 2048:512 = 0.8/0.2 →
    // 706.56 → 707, 176.64 → 177 → floor 250. memoryReservation: p95 50 % → 640 × 1.15 = 736 →
    // 0.8/0.2 by soft reservations → 588.8 → 589; 147.2 → 250 floor, capped at the hard 250.
    const r = recommend(ec2, settings());
    expect(r.containers).toEqual([
      { name: "app", cpu: 295, memory: 707, memoryReservation: 589 },
      { name: "sidecar", cpu: 148, memory: 250, memoryReservation: 250 },
    ]);
    expect(r.recommended).toEqual({ cpu: 443, memory: 957 });
    expect(r.cost).toBeUndefined();
    expect(r.costNote).toMatch(/^EC2 launch type/);
    expect(r.finding).toBe("over-provisioned");
  });
});

describe("explainLines", () => {
  it("writes the recommendation out so each number can be recomputed", () => {
    // The base service: CPU p95 204.8 units × 1.15 = 235.52 → 236; memory max 1024 MiB × 1.15 = 1177.6 → 1178.
    expect(explainLines(recommend(fargateUsage(), settings()))).toEqual([
      "prod/web (web:7): over-provisioned: 1 vCPU / 4 GB → 0.25 vCPU / 2 GB",
      "data: 24 h at 60 s (1440 CPU, 1440 memory points) of a 336 h lookback; 0 OOM kill(s)",
      "cpu: p95 of the per-minute Maximum 204.8 CPU units + 15 % → need 236 CPU units → 256 CPU units (need); now 1024 CPU units",
      "memory: max of the per-minute Maximum 1 GB + 15 % → need 1178 MiB → 2 GB (need); now 4 GB",
      "risk: cpu above 0.25 vCPU in 72 of 1440 points (5 %) — below the observed peak of 819.2 CPU units; memory above 2 GB in 0 of 1440 points (0 %)",
      "use: AWS/ECS utilization × the current size (1 vCPU / 4 GB)",
      "cost: $85.06/month now → $27.75; on ARM $22.21",
    ]);
  });

  it("says why a dimension was not sized and what forced the size", () => {
    const lines = explainLines(
      recommend(
        fargateUsage({ targetTracking: [{ dimension: "memory", policyName: "mem70", targetValue: 70 }] }),
        settings(),
      ),
    );
    expect(lines).toContain(
      "memory: not sized, target tracking scales the task count on memory (mem70, target 70 %): a different task memory would change how many tasks run, not what each one needs",
    );
    expect(lines).toContain(
      "cpu: p95 of the per-minute Maximum 204.8 CPU units + 15 % → need 236 CPU units → 512 CPU units (memory forces 0.5 vCPU); now 1024 CPU units",
    );
  });
});
