import type { TaskSize } from "./fargate-sizes.ts";
import { gb, snapToFargate, vcpu, type Bound, type Snapped } from "./fargate-sizes.ts";
import { containerAdvice } from "./ec2-reservations.ts";
import { measure, reservation, type Measured } from "./needs.ts";
import { costOf, pricesFor } from "./cost.ts";
import { FARGATE_PRICES } from "./prices.ts";
import type { RightSizingSettings } from "./settings.ts";
import { riskOf } from "./risk.ts";
import type {
  ContainerAdvice,
  Dimension,
  DimensionResult,
  Evidence,
  Finding,
  Recommendation,
  ServiceUsage,
} from "./types.ts";

// The recommendation for one service (docs/capabilities/right-sizing.md): measure → check the history is
// long enough → skip what an autoscaler scales on → snap to a Fargate size (or split into
// container reservations on EC2) → price now vs recommended. Pure: the same usage and
// settings give the same recommendation, so a person can recompute it from the evidence.

export function recommend(usage: ServiceUsage, settings: RightSizingSettings): Recommendation {
  const measured = measure(usage, settings);
  const current = reservation(usage);
  const base = {
    ref: usage.ref,
    revision: usage.revision,
    launchType: usage.launchType,
    current,
    containers: undefined,
    cost: undefined,
    costNote: undefined,
  };
  const skips = trackedDimensions(usage);

  if (
    measured.coverageHours < settings.minHistoryHours ||
    measured.cpuNeed === undefined ||
    measured.memoryNeed === undefined
  ) {
    const summary = `insufficient data: ${hours(measured.coverageHours)} of data (${measured.points.cpu} CPU and ${measured.points.memory} memory points), ${hours(settings.minHistoryHours)} needed`;
    return {
      ...base,
      status: "insufficient-data",
      finding: undefined,
      summary,
      recommended: undefined,
      dimensions: [],
      evidence: evidence(usage, measured, settings, { cpu: "insufficient data", memory: "insufficient data" }),
      notes: [],
    };
  }
  if (skips.cpu && skips.memory) {
    const dimensions = [skipped("cpu", current.cpu, skips.cpu), skipped("memory", current.memory, skips.memory)];
    const summary = "skipped: target tracking scales on both CPU and memory";
    return {
      ...base,
      status: "skipped",
      finding: undefined,
      summary,
      recommended: undefined,
      dimensions,
      evidence: evidence(usage, measured, settings, { cpu: skips.cpu, memory: skips.memory }, current),
      notes: [],
    };
  }
  // A dimension an autoscaler scales on keeps its current size: the need is the current value.
  const need: TaskSize = {
    cpu: skips.cpu ? current.cpu : measured.cpuNeed,
    memory: skips.memory ? current.memory : measured.memoryNeed,
  };
  return usage.launchType === "FARGATE"
    ? onFargate(usage, settings, measured, need, skips, base)
    : onEc2(usage, settings, measured, need, skips, base);
}

type Skips = Partial<Record<Dimension, string>>;
type Base = Pick<Recommendation, "ref" | "revision" | "launchType" | "current" | "containers" | "cost" | "costNote">;

function onFargate(
  usage: ServiceUsage,
  settings: RightSizingSettings,
  measured: Measured,
  need: TaskSize,
  skips: Skips,
  base: Base,
): Recommendation {
  const prices = pricesFor(settings);
  // Without the region's prices the size is still ranked by us-east-1's: only the ratio matters.
  const rates = (prices.prices ?? FARGATE_PRICES["us-east-1"]!)[usage.architecture];
  const snapped = snapToFargate(need, (s) => (s.cpu / 1024) * rates.vcpuHour + (s.memory / 1024) * rates.gbHour);
  const dimensions = [
    skips.cpu
      ? skipped("cpu", base.current.cpu, skips.cpu)
      : sized("cpu", base.current.cpu, need.cpu, snapped.size.cpu, boundText(snapped, "cpu")),
    skips.memory
      ? skipped("memory", base.current.memory, skips.memory)
      : sized("memory", base.current.memory, need.memory, snapped.size.memory, boundText(snapped, "memory")),
  ];
  const cost = prices.prices
    ? costOf(base.current, snapped.size, usage, prices.prices, settings.spotDiscountPercent / 100)
    : undefined;
  const boundBy = { cpu: skips.cpu ?? boundText(snapped, "cpu"), memory: skips.memory ?? boundText(snapped, "memory") };
  return finish(
    { ...base, recommended: snapped.size, dimensions, cost, costNote: prices.note },
    usage,
    measured,
    settings,
    boundBy,
    [...measured.notes, ...snapped.explanation],
  );
}

function onEc2(
  usage: ServiceUsage,
  settings: RightSizingSettings,
  measured: Measured,
  need: TaskSize,
  skips: Skips,
  base: Base,
): Recommendation {
  const soft = skips.memory
    ? base.current.memory
    : Math.min(need.memory, measured.memory!.p95 * (1 + settings.memoryMarginPercent / 100));
  const containers: ContainerAdvice[] = containerAdvice(
    usage.containers,
    { cpu: need.cpu, memory: need.memory, memoryReservation: soft },
    settings,
  );
  const total = {
    cpu: containers.reduce((n, c) => n + c.cpu, 0),
    memory: containers.reduce((n, c) => n + c.memory, 0),
  };
  const dimensions = [
    skips.cpu
      ? skipped("cpu", base.current.cpu, skips.cpu)
      : sized("cpu", base.current.cpu, need.cpu, total.cpu, "need"),
    skips.memory
      ? skipped("memory", base.current.memory, skips.memory)
      : sized("memory", base.current.memory, need.memory, total.memory, "need"),
  ];
  const costNote =
    "EC2 launch type: the instances are billed, not the tasks; smaller reservations let more tasks share an instance";
  const boundBy = { cpu: skips.cpu ?? "need", memory: skips.memory ?? "need" };
  return finish(
    { ...base, recommended: total, containers, dimensions, cost: undefined, costNote },
    usage,
    measured,
    settings,
    boundBy,
    measured.notes,
  );
}

function finish(
  partial: Base & Pick<Recommendation, "recommended" | "dimensions">,
  usage: ServiceUsage,
  measured: Measured,
  settings: RightSizingSettings,
  boundBy: Evidence["boundBy"],
  notes: string[],
): Recommendation {
  const findings = partial.dimensions.flatMap((d) => (d.status === "sized" ? [d.finding] : []));
  const finding: Finding =
    findings.includes("under-provisioned") || usage.oomKills > 0
      ? "under-provisioned"
      : findings.includes("over-provisioned")
        ? "over-provisioned"
        : "optimized";
  const changed =
    partial.recommended!.cpu !== partial.current.cpu ||
    partial.recommended!.memory !== partial.current.memory ||
    (partial.containers !== undefined && changedContainers(usage, partial.containers));
  const status = changed ? "recommend" : "optimized";
  const summary =
    status === "optimized"
      ? `optimized at ${size(partial.current)}`
      : `${finding}: ${size(partial.current)} → ${size(partial.recommended!)}`;
  const skipNotes = partial.dimensions.flatMap((d) =>
    d.status === "skipped" ? [`${d.dimension} not sized: ${d.reason}`] : [],
  );
  return {
    ...partial,
    status,
    finding,
    summary,
    evidence: evidence(usage, measured, settings, boundBy, partial.recommended!),
    notes: [...skipNotes, ...notes],
  };
}

function changedContainers(usage: ServiceUsage, advice: ContainerAdvice[]): boolean {
  return advice.some((a, i) => {
    const c = usage.containers[i]!;
    return a.cpu !== (c.cpu ?? 0) || a.memory !== c.memory || a.memoryReservation !== c.memoryReservation;
  });
}

/** The dimensions a target-tracking policy scales on, with the reason to leave them alone. */
export function trackedDimensions(usage: Pick<ServiceUsage, "targetTracking">): Skips {
  const skips: Skips = {};
  for (const t of usage.targetTracking) {
    const name = t.dimension === "cpu" ? "CPU" : "memory";
    skips[t.dimension] ??=
      `target tracking scales the task count on ${name} (${t.policyName}, target ${t.targetValue} %): a different task ${name} would change how many tasks run, not what each one needs`;
  }
  return skips;
}

function sized(
  dimension: Dimension,
  current: number,
  needed: number,
  recommended: number,
  bound: string,
): DimensionResult {
  const finding: Finding =
    recommended > current ? "under-provisioned" : recommended < current ? "over-provisioned" : "optimized";
  return { dimension, status: "sized", current, needed: Math.round(needed), recommended, finding, bound };
}

function skipped(dimension: Dimension, current: number, reason: string): DimensionResult {
  return { dimension, status: "skipped", current, reason };
}

function boundText(snapped: Snapped, dimension: Dimension): string {
  const bound: Bound = dimension === "cpu" ? snapped.cpuBound : snapped.memoryBound;
  if (bound.by === "need") return "need";
  if (bound.by === "largest-size") return "largest Fargate size";
  return dimension === "cpu"
    ? `memory forces ${vcpu(snapped.size.cpu)}`
    : `${vcpu(snapped.size.cpu)} forces ${gb(snapped.size.memory)}`;
}

/** `sized`: the size the risk is measured against (what is recommended); none without a recommendation. */
function evidence(
  usage: ServiceUsage,
  m: Measured,
  s: RightSizingSettings,
  boundBy: Evidence["boundBy"],
  sized?: TaskSize,
): Evidence {
  return {
    lookbackHours: usage.lookbackHours,
    periodSeconds: m.periodSeconds,
    coverageHours: round1(m.coverageHours),
    dataPoints: m.points,
    cpu: m.cpu,
    memory: m.memory,
    chosen: m.chosen,
    oomKills: usage.oomKills,
    rule: {
      cpuPercentile: s.cpuPercentile,
      cpuMarginPercent: s.cpuMarginPercent,
      memoryPercentile: s.memoryPercentile,
      memoryMarginPercent: s.memoryMarginPercent,
      oomFactor: s.oomFactor,
      oomMinBumpMiB: s.oomMinBumpMiB,
    },
    boundBy,
    sources: m.sources,
    risk: sized && riskOf(m.use, sized, m.periodSeconds),
  };
}

export function size(s: TaskSize): string {
  return `${vcpu(s.cpu)} / ${gb(s.memory)}`;
}

function hours(h: number): string {
  return `${round1(h)} h`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
