import { describe, expect, it } from "vitest";
import { recommend } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import { revisionSpans } from "@ecs-guardrails/core/capabilities/right-sizing/revisions";
import { fargateUsage, settings, timedMinutes } from "../../../../support/right-sizing.ts";

// Utilization percentages are of the reservation of the revision that ran at the time: after a
// resize inside the lookback, each revision's own size converts its own minutes.

const DAY = 86_400_000;
const START = Date.parse("2026-11-17T00:00:00Z");
const END = START + 14 * DAY;
const deployment = (
  arn: string,
  startedAt: number,
  completedAt: number | undefined,
  extra: Record<string, unknown> = {},
) => ({
  taskDefinitionArn: arn,
  startedAt: new Date(startedAt).toISOString(),
  completedAt: completedAt === undefined ? undefined : new Date(completedAt).toISOString(),
  failedAt: undefined,
  rolledBackAt: undefined,
  ...extra,
});

describe("a downsize inside the lookback", () => {
  // 2 vCPU / 8 GB for 10 days at CPU 20 %, memory 30 %; then 1 vCPU / 4 GB for 4 days at CPU
  // 40 %, memory 40 %. In absolute terms CPU is 409.6 units throughout; memory peaked at
  // 30 % of 8192 = 2457.6 MiB under the old size and is 1638.4 MiB since.
  const usage = fargateUsage({
    revision: "web:7",
    taskSize: { cpu: 1024, memory: 4096 },
    cpuUtilization: timedMinutes(START, [10 * 1440, 20], [4 * 1440, 40]),
    memoryUtilization: timedMinutes(START, [10 * 1440, 30], [4 * 1440, 40]),
    revisions: [
      { revision: "web:6", from: START - DAY, to: START + 10 * DAY, size: { cpu: 2048, memory: 8192 } },
      { revision: "web:7", from: START + 10 * DAY, to: END, size: { cpu: 1024, memory: 4096 } },
    ],
  });

  it("converts each revision's minutes with its own size, so it never recommends below the real use", () => {
    const r = recommend(usage, settings());

    // CPU p95 409.6 × 1.15 = 471 units; memory peak 2457.6 × 1.15 = 2826 MiB → 0.5 vCPU / 3 GB.
    expect(r.evidence.cpu?.p50).toBeCloseTo(409.6, 6);
    expect(r.evidence.memory?.max).toBeCloseTo(2457.6, 6);
    expect(r.recommended).toEqual({ cpu: 512, memory: 3072 });
    expect(r.recommended!.memory).toBeGreaterThan(r.evidence.memory!.max);
  });

  it("says in the evidence which revision's size converted how many hours", () => {
    const r = recommend(usage, settings());

    expect(r.evidence.sources).toEqual([
      "AWS/ECS utilization × each revision's own size: web:6 (2 vCPU / 8 GB) 240 h, web:7 (1 vCPU / 4 GB) 96 h",
    ]);
  });
});

describe("revisionSpans", () => {
  const window = { start: START, end: END };

  it("gives each revision the time from its deployment's start to the next one's, the older before the first recorded one", () => {
    const spans = revisionSpans(
      [
        deployment("arn:td/web:7", START + 10 * DAY, START + 10 * DAY + 600_000),
        deployment("arn:td/web:6", START - 20 * DAY, START - 20 * DAY + 600_000),
      ],
      "arn:td/web:7",
      window,
    );

    expect(spans).toEqual([
      { revisions: ["arn:td/web:6"], from: START, to: START + 10 * DAY },
      // The rollout: tasks of both revisions run, the busiest may be either.
      { revisions: ["arn:td/web:6", "arn:td/web:7"], from: START + 10 * DAY, to: START + 10 * DAY + 600_000 },
      { revisions: ["arn:td/web:7"], from: START + 10 * DAY + 600_000, to: END },
    ]);
  });

  it("returns to the previous revision after a failed deployment", () => {
    const spans = revisionSpans(
      [
        deployment("arn:td/web:6", START - DAY, START - DAY + 60_000),
        deployment("arn:td/web:8", START + DAY, undefined, {
          failedAt: new Date(START + DAY + 3_600_000).toISOString(),
        }),
      ],
      "arn:td/web:6",
      window,
    );

    expect(spans).toEqual([
      { revisions: ["arn:td/web:6"], from: START, to: START + DAY },
      { revisions: ["arn:td/web:6", "arn:td/web:8"], from: START + DAY, to: START + DAY + 3_600_000 },
      { revisions: ["arn:td/web:6"], from: START + DAY + 3_600_000, to: END },
    ]);
  });

  it("assumes the current revision for the whole lookback when the history has no deployment of the service", () => {
    expect(revisionSpans([], "arn:td/web:7", window)).toEqual([{ revisions: ["arn:td/web:7"], from: START, to: END }]);
  });

  it("assumes the first recorded deployment's revision before it: a service that deployment created ran nothing earlier", () => {
    const spans = revisionSpans(
      [deployment("arn:td/web:7", START + 2 * DAY, START + 2 * DAY + 60_000)],
      "arn:td/web:7",
      window,
    );

    expect(spans).toEqual([{ revisions: ["arn:td/web:7"], from: START, to: END }]);
  });
});

describe("with Container Insights", () => {
  it("takes the busiest task's absolute use from the service totals, the task count and AWS/ECS Maximum ÷ Average, whatever the size", () => {
    // A day of minutes: CPU Maximum 40 %, Average 20 % of a reservation the usage does not
    // name; Container Insights: 2 tasks using 800 CPU units and 3000 MiB in total. The average
    // task: 400 units, 1500 MiB; the busiest: × 40/20 = 800 units, × 50/25 = 3000 MiB.
    const day = (value: number) => timedMinutes(START, [1440, value]);
    const usage = fargateUsage({
      cpuUtilization: day(40),
      memoryUtilization: day(50),
      insights: {
        cpuUtilized: day(800),
        memoryUtilized: day(3000),
        runningTasks: day(2),
        cpuAverage: day(20),
        memoryAverage: day(25),
      },
    });

    const r = recommend(usage, settings());

    expect(r.evidence.cpu?.max).toBe(800);
    expect(r.evidence.memory?.max).toBe(3000);
    expect(r.evidence.sources).toEqual([
      "Container Insights (CpuUtilized, MemoryUtilized ÷ RunningTaskCount × AWS/ECS Maximum ÷ Average): CPU 24 h, memory 24 h",
    ]);
  });

  it("falls back to the revision's size for the minutes Container Insights has no point for", () => {
    const usage = fargateUsage({
      cpuUtilization: timedMinutes(START, [1440, 40]),
      memoryUtilization: timedMinutes(START, [1440, 50]),
      insights: {
        cpuUtilized: timedMinutes(START, [720, 800]),
        memoryUtilized: timedMinutes(START, [720, 3000]),
        runningTasks: timedMinutes(START, [1440, 2]),
        cpuAverage: timedMinutes(START, [1440, 20]),
        memoryAverage: timedMinutes(START, [1440, 25]),
      },
    });

    const r = recommend(usage, settings());

    // The second half: 40 % of 1024 = 409.6 units, 50 % of 4096 = 2048 MiB.
    expect(r.evidence.cpu).toMatchObject({ count: 1440, max: 800, p50: 409.6 });
    expect(r.evidence.sources).toEqual([
      "Container Insights (CpuUtilized, MemoryUtilized ÷ RunningTaskCount × AWS/ECS Maximum ÷ Average): CPU 12 h, memory 12 h",
      "AWS/ECS utilization × the current size (1 vCPU / 4 GB)",
    ]);
  });
});
