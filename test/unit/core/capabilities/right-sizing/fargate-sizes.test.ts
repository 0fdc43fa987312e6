import { describe, expect, it } from "vitest";
import {
  FARGATE_SIZES,
  FARGATE_TIERS,
  isFargateSize,
  snapToFargate,
  type TaskSize,
} from "@ecs-guardrails/core/capabilities/right-sizing/fargate-sizes";

// us-east-1 Linux/x86 per hour: $0.04048 per vCPU, $0.004445 per GB (docs/design/aws-facts.md#fargate-sizes-and-prices).
const x86 = (s: TaskSize) => (s.cpu / 1024) * 0.04048 + (s.memory / 1024) * 0.004445;
const GB = 1024;

describe("the Fargate size table", () => {
  it("has every CPU tier with its memory steps, 74 sizes in all", () => {
    // 0.25: 3; 0.5: 1–4 GB = 4; 1: 2–8 = 7; 2: 4–16 = 13; 4: 8–30 = 23; 8: 16–60 by 4 = 12; 16: 32–120 by 8 = 12.
    expect(FARGATE_TIERS.map((t) => [t.cpu, t.memory.length])).toEqual([
      [256, 3],
      [512, 4],
      [1024, 7],
      [2048, 13],
      [4096, 23],
      [8192, 12],
      [16384, 12],
    ]);
    expect(FARGATE_SIZES).toHaveLength(74);
  });

  it.each([
    [256, 512, true],
    [256, 1536, false],
    [512, 4 * GB, true],
    [1024, 1 * GB, false],
    [4096, 30 * GB, true],
    [4096, 31 * GB, false],
    [8192, 16 * GB, true],
    [8192, 18 * GB, false],
    [8192, 60 * GB, true],
    [16384, 40 * GB, true],
    [16384, 36 * GB, false],
    [16384, 120 * GB, true],
  ])("%i CPU units with %i MiB is a valid size: %s", (cpu, memory, valid) => {
    expect(isFargateSize({ cpu, memory })).toBe(valid);
  });
});

describe("snapToFargate", () => {
  // need (CPU units, MiB) → chosen size, and what bound each dimension.
  it.each([
    ["a small need fits the smallest size", 100, 300, 256, 512, "need", "need"],
    ["an exact size stays", 256, 512, 256, 512, "need", "need"],
    ["one unit over 0.25 vCPU: 0.5 vCPU, whose smallest memory is 1 GB", 257, 512, 512, 1 * GB, "need", "combination"],
    [
      "2 GB + 1 MiB is more than 0.25 vCPU offers: memory forces 0.5 vCPU",
      200,
      2049,
      512,
      3 * GB,
      "combination",
      "need",
    ],
    ["4 GB + 1 MiB: memory forces 1 vCPU, 5 GB", 300, 4097, 1024, 5 * GB, "combination", "need"],
    ["10 GB on 1 vCPU's need: memory forces 2 vCPU", 1000, 10 * GB, 2048, 10 * GB, "combination", "need"],
    ["2 vCPU needs at least 4 GB (3 GB would do on 1 vCPU)", 2048, 3000, 2048, 4 * GB, "need", "combination"],
    ["4 vCPU needs at least 8 GB", 4096, 4 * GB, 4096, 8 * GB, "need", "combination"],
    [
      "30 GB + a bit is more than 4 vCPU offers: memory forces 8 vCPU, 32 GB",
      4096,
      31000,
      8192,
      32 * GB,
      "combination",
      "need",
    ],
    ["8 vCPU's smallest memory is 16 GB", 5000, 16 * GB, 8192, 16 * GB, "need", "need"],
    ["8 vCPU goes up in 4 GB steps: 17,000 MiB → 20 GB", 8192, 17000, 8192, 20 * GB, "need", "need"],
    ["16 vCPU goes up in 8 GB steps: 40,000 MiB → 40 GB", 9000, 40000, 16384, 40 * GB, "need", "need"],
    ["the largest size", 16384, 120 * GB, 16384, 120 * GB, "need", "need"],
    ["a CPU need above 16 vCPU is capped", 20000, 1 * GB, 16384, 120 * GB, "largest-size", "need"],
    ["a memory need above 120 GB is capped", 1024, 130000, 16384, 120 * GB, "need", "largest-size"],
  ])("%s", (_, cpu, memory, wantCpu, wantMemory, cpuBound, memoryBound) => {
    const snapped = snapToFargate({ cpu, memory }, x86);
    expect(snapped.size).toEqual({ cpu: wantCpu, memory: wantMemory });
    expect([snapped.cpuBound.by, snapped.memoryBound.by]).toEqual([cpuBound, memoryBound]);
  });

  it("says when memory forces the CPU, and by how much", () => {
    expect(snapToFargate({ cpu: 300, memory: 4097 }, x86).explanation).toEqual([
      "memory forces 1 vCPU (4097 MiB needed; a smaller CPU offers at most 4 GB)",
    ]);
    expect(snapToFargate({ cpu: 4096, memory: 4096 }, x86).explanation).toEqual([
      "4 vCPU forces 8 GB of memory (4 GB needed)",
    ]);
  });

  it("picks the cheapest of every size that meets both needs, over a grid of needs", () => {
    // Cross-check against brute force: no valid size meeting the need is cheaper than the pick.
    for (const cpu of [1, 256, 300, 600, 1100, 2100, 4100, 8200, 16384]) {
      for (const memory of [1, 600, 1500, 3000, 7000, 9000, 17000, 33000, 70000, 122880]) {
        const pick = snapToFargate({ cpu, memory }, x86).size;
        const cheaper = FARGATE_SIZES.filter((s) => s.cpu >= cpu && s.memory >= memory && x86(s) < x86(pick) - 1e-12);
        expect(cheaper, `need ${cpu}/${memory}`).toEqual([]);
        expect(isFargateSize(pick)).toBe(true);
      }
    }
  });
});
