// The Fargate task sizes (docs/design/aws-facts.md#fargate-sizes-and-prices), CPU units (1024 = 1 vCPU) → memory MiB, and snapping a
// need to the cheapest valid size. Fargate bills the size asked for, not the use, and only these
// combinations exist, so the combination itself often decides: 10 GB of memory cannot run on
// 1 vCPU, and 4 vCPU cannot run with less than 8 GB.

export type TaskSize = { cpu: number; memory: number };

type Tier = { cpu: number; memory: readonly number[] };

const GB = 1024;
const steps = (fromGb: number, toGb: number, stepGb: number) =>
  Array.from({ length: (toGb - fromGb) / stepGb + 1 }, (_, i) => (fromGb + i * stepGb) * GB);

export const FARGATE_TIERS: readonly Tier[] = [
  { cpu: 256, memory: [512, 1024, 2048] },
  { cpu: 512, memory: steps(1, 4, 1) },
  { cpu: 1024, memory: steps(2, 8, 1) },
  { cpu: 2048, memory: steps(4, 16, 1) },
  { cpu: 4096, memory: steps(8, 30, 1) },
  // 8 and 16 vCPU need Linux platform version 1.4.0 or later.
  { cpu: 8192, memory: steps(16, 60, 4) },
  { cpu: 16384, memory: steps(32, 120, 8) },
];

/** Every valid size, smallest CPU first, then smallest memory. */
export const FARGATE_SIZES: readonly TaskSize[] = FARGATE_TIERS.flatMap((t) =>
  t.memory.map((memory) => ({ cpu: t.cpu, memory })),
);

export const LARGEST_FARGATE_SIZE: TaskSize = FARGATE_SIZES[FARGATE_SIZES.length - 1]!;

export function isFargateSize(size: TaskSize): boolean {
  return FARGATE_SIZES.some((s) => s.cpu === size.cpu && s.memory === size.memory);
}

/** Why a dimension of the chosen size is what it is. */
export type Bound =
  | { by: "need" }
  /** The other dimension's need forces this one up (memory forces 1 vCPU; 4 vCPU forces 8 GB). */
  | { by: "combination"; forcedBy: "cpu" | "memory" }
  /** The need is above the largest Fargate size: capped there, still short. */
  | { by: "largest-size" };

export type Snapped = { size: TaskSize; cpuBound: Bound; memoryBound: Bound; explanation: string[] };

/** Price of a size per hour (any consistent rate): the ranking used to pick the cheapest. */
export type SizeCost = (size: TaskSize) => number;

/**
 * The cheapest valid size with at least `cpu` units and `memory` MiB, with what bound each
 * dimension. A need beyond the table is capped at the largest size (and says so).
 */
export function snapToFargate(need: TaskSize, cost: SizeCost): Snapped {
  const fits = FARGATE_SIZES.filter((s) => s.cpu >= need.cpu && s.memory >= need.memory);
  if (fits.length === 0) return capped(need);
  // Ties go to the smaller CPU (the table order), so the choice never depends on float noise.
  const size = fits.reduce((best, s) => (cost(s) < cost(best) - 1e-12 ? s : best));
  const cpuBound = boundOfCpu(need, size);
  const memoryBound = boundOfMemory(need, size);
  return { size, cpuBound, memoryBound, explanation: explain(need, size, cpuBound, memoryBound) };
}

/** CPU is bound by the need when no smaller CPU tier at or above the need was possible. */
function boundOfCpu(need: TaskSize, size: TaskSize): Bound {
  const smallestForNeed = FARGATE_TIERS.find((t) => t.cpu >= need.cpu)!.cpu;
  return size.cpu === smallestForNeed ? { by: "need" } : { by: "combination", forcedBy: "memory" };
}

/** Memory is bound by the combination when the CPU tier's smallest memory is above the need. */
function boundOfMemory(need: TaskSize, size: TaskSize): Bound {
  const tier = FARGATE_TIERS.find((t) => t.cpu === size.cpu)!;
  const smallestForNeed = tier.memory.find((m) => m >= need.memory)!;
  if (size.memory === smallestForNeed && smallestForNeed === tier.memory[0] && lowerTierHolds(need.memory, size)) {
    return { by: "combination", forcedBy: "cpu" };
  }
  return { by: "need" };
}

/** Whether a smaller CPU tier has a step covering the need below the chosen memory (so the CPU, not the step, set it). */
function lowerTierHolds(memory: number, size: TaskSize): boolean {
  return FARGATE_TIERS.some((t) => t.cpu < size.cpu && t.memory.some((m) => m >= memory && m < size.memory));
}

function capped(need: TaskSize): Snapped {
  const size = LARGEST_FARGATE_SIZE;
  const cpuBound: Bound = need.cpu > size.cpu ? { by: "largest-size" } : { by: "need" };
  const memoryBound: Bound = need.memory > size.memory ? { by: "largest-size" } : { by: "need" };
  return { size, cpuBound, memoryBound, explanation: explain(need, size, cpuBound, memoryBound) };
}

function explain(need: TaskSize, size: TaskSize, cpuBound: Bound, memoryBound: Bound): string[] {
  const lines: string[] = [];
  if (cpuBound.by === "combination")
    lines.push(
      `memory forces ${vcpu(size.cpu)} (${gb(need.memory)} needed; a smaller CPU offers at most ${gb(maxMemoryBelow(size.cpu))})`,
    );
  if (memoryBound.by === "combination")
    lines.push(`${vcpu(size.cpu)} forces ${gb(size.memory)} of memory (${gb(need.memory)} needed)`);
  if (cpuBound.by === "largest-size")
    lines.push(`CPU need ${vcpu(need.cpu)} is above the largest Fargate size (${vcpu(size.cpu)})`);
  if (memoryBound.by === "largest-size")
    lines.push(`memory need ${gb(need.memory)} is above the largest Fargate size (${gb(size.memory)})`);
  return lines;
}

function maxMemoryBelow(cpu: number): number {
  const below = FARGATE_TIERS.filter((t) => t.cpu < cpu);
  return below.length === 0 ? 0 : Math.max(...below.map((t) => t.memory[t.memory.length - 1]!));
}

export function vcpu(units: number): string {
  return `${+(units / 1024).toFixed(3)} vCPU`;
}

/** Whole gigabytes as GB, anything else as MiB (rounded up), so a reader can check the sums. */
export function gb(mib: number): string {
  return mib % 1024 === 0 && mib > 0 ? `${mib / 1024} GB` : `${Math.ceil(mib)} MiB`;
}
