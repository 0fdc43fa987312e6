// npm run bench -- --rightsizing [--services 1000] [--days 14] [--json]
// Right-sizing at scale: N services × D days of 1-minute CPU and memory data (from the
// simulator's usage profiles), through the whole pure pipeline: percentiles, needs, snapping,
// costs, change detection and the weekly digest. Reports the compute time (target < 5 s for
// 1,000 × 14 days) and the GetMetricData calls planned next to the minimum the two limits allow.
import { parseArgs } from "node:util";
import { minuteUsage, seedOf, type UsageProfile } from "../packages/sim/src/usage.ts";
import { changedSinceLast } from "../packages/core/src/capabilities/right-sizing/changes.ts";
import { digestNotice, digestOf } from "../packages/core/src/capabilities/right-sizing/digest.ts";
import { planQueries } from "../packages/core/src/capabilities/right-sizing/metric-queries.ts";
import { recommend } from "../packages/core/src/capabilities/right-sizing/recommend.ts";
import { rightSizingSettings } from "../packages/core/src/capabilities/right-sizing/settings.ts";
import type { Recommendation, ServiceUsage } from "../packages/core/src/capabilities/right-sizing/types.ts";

const { values: args } = parseArgs({
  options: {
    rightsizing: { type: "boolean" },
    services: { type: "string", default: "1000" },
    days: { type: "string", default: "14" },
    json: { type: "boolean", default: false },
  },
});
const N = Number(args.services);
const DAYS = Number(args.days);
const log = (line: string) => args.json || process.stderr.write(`${line}\n`);
const NOW = Date.parse("2026-12-01T00:00:00Z");
const MINUTES = DAYS * 1440;
const settings = rightSizingSettings.full.parse({});

/** A mix like a real estate: most over-provisioned, some tight, an OOM-prone tenth, Spot and autoscaled ones. */
function profileOf(i: number): { profile: UsageProfile; spotShare: number; tracked: boolean } {
  const tasks = 1 + (i % 3);
  const kind = i % 10;
  const base: UsageProfile = {
    tasks,
    cpuUnits: 1024,
    memoryMiB: 4096,
    cpu: { low: 4, high: 20 + (i % 7), peakHourUtc: i % 24 },
    memory: { low: 18, high: 30 },
    spikes: { everyHours: 6, minutes: 2, cpu: 70 },
    noise: 3,
  };
  if (kind === 5)
    return {
      profile: { ...base, cpuUnits: 512, memoryMiB: 1024, memory: { low: 40, high: 40 }, leakPercentPerHour: 8 },
      spotShare: 0,
      tracked: false,
    };
  if (kind === 6)
    return { profile: { ...base, cpu: { low: 60, high: 98, peakHourUtc: 15 } }, spotShare: 0, tracked: false };
  return { profile: base, spotShare: kind === 7 ? 0.5 : 0, tracked: kind === 8 };
}

/** The service's per-minute Maximum series (what GetMetricData returns), oldest first. */
function seriesOf(name: string, profile: UsageProfile): { cpu: Float64Array; memory: Float64Array } {
  const seed = seedOf(name);
  const cpu = new Float64Array(MINUTES);
  const memory = new Float64Array(MINUTES);
  const start = NOW - MINUTES * 60_000;
  for (let m = 0; m < MINUTES; m++) {
    const u = minuteUsage(profile, seed, start + m * 60_000)!;
    cpu[m] = u.cpu.max;
    memory[m] = u.memory.max;
  }
  return { cpu, memory };
}

// Wall time and CPU time both: the CPU time is what the work costs; the wall time also counts
// waiting for a core, which on a busy machine can be most of it.
let generateMs = 0;
let computeMs = 0;
let computeCpuUs = 0;
const recommendations: Recommendation[] = [];
const progress = setInterval(() => log(`  ${recommendations.length}/${N} services`), 2000);
for (let i = 0; i < N; i++) {
  const service = `svc-${i}`;
  const { profile, spotShare, tracked } = profileOf(i);
  let t = performance.now();
  const series = seriesOf(`prod/${service}`, profile);
  generateMs += performance.now() - t;
  t = performance.now();
  const cpuAt = process.cpuUsage();
  const usage: ServiceUsage = {
    ref: { cluster: "prod", service },
    revision: `${service}:1`,
    launchType: "FARGATE",
    taskSize: { cpu: profile.cpuUnits, memory: profile.memoryMiB },
    containers: [{ name: "app" }],
    architecture: "x86_64",
    tasks: profile.tasks,
    spotShare,
    cpuUtilization: { periodSeconds: 60, values: series.cpu },
    memoryUtilization: { periodSeconds: 60, values: series.memory },
    lookbackHours: DAYS * 24,
    oomKills: profile.leakPercentPerHour ? 3 : 0,
    targetTracking: tracked ? [{ dimension: "cpu", policyName: "cpu-60", targetValue: 60 }] : [],
  };
  const r = recommend(usage, settings);
  changedSinceLast(r, r);
  recommendations.push(r);
  computeMs += performance.now() - t;
  computeCpuUs += cpuTime(cpuAt);
}
clearInterval(progress);

const t = performance.now();
const cpuAt = process.cpuUsage();
const notice = digestNotice(digestOf(recommendations, settings), "2026-11-30");
const window = { start: new Date(NOW - DAYS * 86_400_000), end: new Date(NOW) };
const plain = planQueries(
  Array.from({ length: N }, (_, i) => ({ ref: { cluster: "prod", service: `svc-${i}` }, containerInsights: false })),
  window,
  new Date(NOW),
);
const insights = planQueries(
  Array.from({ length: N }, (_, i) => ({ ref: { cluster: "prod", service: `svc-${i}` }, containerInsights: true })),
  window,
  new Date(NOW),
);
computeMs += performance.now() - t;
computeCpuUs += cpuTime(cpuAt);

function cpuTime(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return d.user + d.system;
}

const byStatus = recommendations.reduce<Record<string, number>>(
  (m, r) => ({
    ...m,
    [`${r.status}${r.finding ? `/${r.finding}` : ""}`]: (m[`${r.status}${r.finding ? `/${r.finding}` : ""}`] ?? 0) + 1,
  }),
  {},
);
const result = {
  services: N,
  days: DAYS,
  pointsPerService: 2 * MINUTES,
  computeSeconds: Number((computeMs / 1000).toFixed(2)),
  computeCpuSeconds: Number((computeCpuUs / 1e6).toFixed(2)),
  generateSeconds: Number((generateMs / 1000).toFixed(2)),
  recommendations: byStatus,
  digestBytes: Buffer.byteLength(notice.description),
  getMetricData: {
    withoutContainerInsights: {
      period: plain.period,
      queries: plain.queries,
      calls: plain.calls.length,
      minimumCalls: plain.minimumCalls,
      usdPerRun: plain.usd,
    },
    withContainerInsights: {
      period: insights.period,
      queries: insights.queries,
      calls: insights.calls.length,
      minimumCalls: insights.minimumCalls,
      usdPerRun: insights.usd,
    },
  },
};
if (args.json) console.log(JSON.stringify(result));
else {
  console.log(
    `right-sizing: ${N} services × ${DAYS} days of 1-minute CPU and memory (${result.pointsPerService.toLocaleString("en")} points each)`,
  );
  console.log(
    `  compute      ${result.computeSeconds.toFixed(2)} s wall, ${result.computeCpuSeconds.toFixed(2)} s CPU (target < 5 s); generating the data took ${result.generateSeconds.toFixed(2)} s more`,
  );
  console.log(`  results      ${JSON.stringify(byStatus)}; digest ${result.digestBytes} bytes`);
  for (const [label, p] of Object.entries(result.getMetricData)) {
    console.log(
      `  GetMetricData ${label}: ${p.queries} metrics at ${p.period} s → ${p.calls} calls (minimum ${p.minimumCalls}), $${p.usdPerRun.toFixed(4)} a run`,
    );
  }
}
