import type { TaskSize } from "./fargate-sizes.ts";
import type { Exceeded, Risk } from "./types.ts";

// The performance risk of a size: the share of the lookback's datapoints (at the query period,
// the per-minute Maximum for up to 15 days) whose use was above it. CPU above its size is
// throttled, memory above it is killed; the memory floor (peak + headroom) keeps memory's at 0
// unless the largest Fargate size is below the need. A CPU size below the observed peak is
// allowed (CPU is compressible), always with this figure next to it.

export function riskOf(
  use: { cpu: ArrayLike<number>; memory: ArrayLike<number> },
  size: TaskSize,
  periodSeconds: number,
): Risk {
  return { basis: "datapoints", periodSeconds, cpu: above(use.cpu, size.cpu), memory: above(use.memory, size.memory) };
}

function above(values: ArrayLike<number>, limit: number): Exceeded {
  let points = 0;
  let over = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    points++;
    if (v > limit) over++;
  }
  return { above: over, points, percent: points === 0 ? 0 : Math.round((over / points) * 1000) / 10 };
}

/** "above 0.25 vCPU in 72 of 1440 points (5 %)". */
export function exceededText(e: Exceeded, size: string): string {
  return `above ${size} in ${e.above} of ${e.points} points (${e.percent} %)`;
}
