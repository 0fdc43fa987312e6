import type { FailureClass } from "@ecs-guardrails/core/events/stop-class";
import { FAILURE_CLASSES } from "@ecs-guardrails/core/events/stop-class";
import type { Recommendation } from "@ecs-guardrails/core/capabilities/right-sizing/types";
import { labelRows, xOf, type Placement } from "./chart-labels.ts";
import { chart } from "./echarts.ts";
import { table, when, type Html } from "./html.ts";
import type { DeploymentBar, FailureMark, ServiceView } from "./read-model.ts";

// The console's charts: the options handed to ECharts and the words that say the same.

const OUTCOME_COLOURS: Record<string, string> = {
  "rolled-back": "#b3261e",
  failed: "#b3261e",
  completed: "#1a7f37",
  "in-progress": "#0550ae",
};
// Colour and shape both tell the classes apart (not colour alone).
const CLASS_STYLE: Record<FailureClass, { colour: string; symbol: string }> = {
  crash: { colour: "#b3261e", symbol: "circle" },
  "out-of-memory": { colour: "#8250df", symbol: "triangle" },
  "health-check": { colour: "#bc4c00", symbol: "diamond" },
  "failed-to-start": { colour: "#0a3069", symbol: "rect" },
};

const STARTS = "deployment start";
/** Rows of deployment labels above the plot, and the chart's frame around them. */
const LABEL_ROWS = 3;
const LABEL_ROW_HEIGHT = 14;
const TIMELINE_SIZE = { width: 1100, height: 360 };
const TIMELINE_GRID = { left: 56, right: 24, top: 40 + LABEL_ROWS * LABEL_ROW_HEIGHT, bottom: 36 };

/** Deployments as bars across time, each failed task as a mark at its count within its deployment, the threshold as a line. */
export function timelineChart(view: ServiceView, key: string): Html {
  const { deployments, failures, threshold } = view;
  const thresholdLabel = `rollback threshold: ${threshold.failures} failure${threshold.failures === 1 ? "" : "s"}${threshold.percent ? ` (or ${threshold.percent} % of desired)` : ""}`;
  // ECS counts only launch and health-check failures, so its line is a guide, not a mark to reach.
  const ecsLabel = threshold.ecs
    ? `ECS's circuit breaker: ${threshold.ecs.failures} (${threshold.ecs.setting}, ${threshold.ecs.resets ? "reset by a healthy task" : "cumulative"}) of launch and health-check failures`
    : undefined;
  const maxCount = failures.reduce(
    (m, f) => Math.max(m, f.count),
    Math.max(threshold.failures, threshold.ecs?.failures ?? 0) + 1,
  );
  const range = timeRange(deployments, failures);
  const rows = bandLabelRows(deployments, range);
  // The deployments' own series carries the bands and lines: ECharts draws a series' mark lines
  // only when it has data, so a service with no failed task (Spot-only, capacity deployments)
  // would lose them if they hung on a failure series.
  const starts = {
    type: "scatter",
    name: STARTS,
    symbol: "pin",
    symbolSize: 14,
    clip: false,
    itemStyle: { color: "#59636e" },
    data: deployments.map((d) => [Date.parse(d.start), 0]),
    markArea: { silent: true, data: deployments.map((d, i) => band(d, rows[i])) },
    markLine: {
      silent: true,
      symbol: "none",
      data: [
        {
          yAxis: threshold.failures,
          name: thresholdLabel,
          lineStyle: { color: "#b3261e", type: "dashed", width: 2 },
          label: { formatter: thresholdLabel, position: "insideEndTop", color: "#b3261e" },
        },
        ...(threshold.ecs && ecsLabel
          ? [
              {
                yAxis: threshold.ecs.failures,
                name: ecsLabel,
                lineStyle: { color: "#6e7781", type: "dotted", width: 2 },
                label: { formatter: ecsLabel, position: "insideStartTop", color: "#6e7781" },
              },
            ]
          : []),
        ...rollbackLines(deployments),
      ],
    },
  };
  const series = [
    starts,
    ...FAILURE_CLASSES.map((cls) => ({
      type: "scatter",
      name: cls,
      symbol: CLASS_STYLE[cls].symbol,
      symbolSize: 9,
      itemStyle: { color: CLASS_STYLE[cls].colour },
      data: failures.filter((f) => f.class === cls).map((f) => [Date.parse(f.time), f.count]),
    })),
  ];
  const rolledBack = deployments.filter((d) => d.outcome === "rolled-back");
  const description = `Timeline of ${deployments.length} deployment${deployments.length === 1 ? "" : "s"}${deployments.length ? ` from ${when(deployments[0]!.start)} to ${when(deployments.at(-1)!.end ?? deployments.at(-1)!.start)}` : ""}: ${rolledBack.length} rolled back${rolledBack.length ? ` (${rolledBack.map((d) => d.revision).join(", ")})` : ""}, ${failures.length} failed task${failures.length === 1 ? "" : "s"} (${classCounts(failures)}); the ${thresholdLabel}${ecsLabel ? `; ${ecsLabel}` : ""}.`;
  return chart(
    {
      title: { text: "Deployments and failures", left: 8, top: 4, textStyle: { fontSize: 14 } },
      legend: { top: 6, right: 8, data: [STARTS, ...FAILURE_CLASSES] },
      grid: TIMELINE_GRID,
      xAxis: { type: "time", ...range },
      // Along the axis, not above it: the space above the plot is the deployment labels'.
      yAxis: {
        type: "value",
        name: "failures in deployment",
        nameLocation: "middle",
        nameGap: 32,
        minInterval: 1,
        max: maxCount,
      },
      series,
    },
    TIMELINE_SIZE,
    {
      id: `timeline--${key}`,
      description,
      table: table(
        "Deployments",
        ["deployment", "revision", "started", "ended", "outcome", ...FAILURE_CLASSES],
        deployments.map((d) => [
          d.deploymentId,
          d.revision,
          when(d.start),
          when(d.end),
          d.outcome,
          ...FAILURE_CLASSES.map((c) => d.failures[c] ?? 0),
        ]),
      ),
    },
  );
}

/** The axis spans every deployment, not only the failures (ECharts sizes it from series data). */
function timeRange(
  deployments: readonly DeploymentBar[],
  failures: readonly FailureMark[],
): { min?: number; max?: number } {
  const times = [...deployments.flatMap((d) => [d.start, d.end ?? d.start]), ...failures.map((f) => f.time)].map(
    Date.parse,
  );
  if (times.length === 0) return {};
  const min = times.reduce((a, b) => Math.min(a, b));
  const max = times.reduce((a, b) => Math.max(a, b));
  const pad = Math.max(60_000, (max - min) * 0.03);
  return { min: min - pad, max: max + pad };
}

function bandLabel(d: DeploymentBar): string {
  return `${d.revision} ${d.outcome === "rolled-back" ? "✕ rolled back" : d.outcome}`;
}

/** Each band's label row above the plot (chart-labels.ts), from the axis the chart will draw. */
function bandLabelRows(deployments: readonly DeploymentBar[], range: { min?: number; max?: number }) {
  const axis = {
    min: range.min ?? 0,
    max: range.max ?? 1,
    left: TIMELINE_GRID.left,
    right: TIMELINE_SIZE.width - TIMELINE_GRID.right,
  };
  return labelRows(
    deployments.map((d) => ({
      centre: (xOf(Date.parse(d.start), axis) + xOf(Date.parse(d.end ?? d.start) + 1, axis)) / 2,
      text: bandLabel(d),
    })),
    LABEL_ROWS,
    axis,
  );
}

function band(d: DeploymentBar, place: Placement) {
  const colour = OUTCOME_COLOURS[d.outcome] ?? "#59636e";
  const label = bandLabel(d);
  return [
    {
      name: label,
      xAxis: Date.parse(d.start),
      itemStyle: { color: colour, opacity: 0.12, borderColor: colour, borderWidth: 1 },
      label:
        place === undefined
          ? { show: false }
          : {
              color: colour,
              position: "top",
              distance: 4 + place.row * LABEL_ROW_HEIGHT,
              offset: [place.shift, 0],
              fontSize: 11,
            },
    },
    { xAxis: Date.parse(d.end ?? d.start) + 1 },
  ];
}

function rollbackLines(deployments: readonly DeploymentBar[]) {
  return deployments
    .filter((d) => d.outcome === "rolled-back" && d.end)
    .map((d) => ({
      xAxis: Date.parse(d.end!),
      name: `rolled back ${d.revision}`,
      lineStyle: { color: "#b3261e", type: "solid" },
      // No text on the line: the band says "✕ rolled back", and a vertical label would cross the band labels.
      label: { show: false },
    }));
}

function classCounts(failures: readonly FailureMark[]): string {
  const counts = FAILURE_CLASSES.map((c) => [c, failures.filter((f) => f.class === c).length] as const).filter(
    ([, n]) => n > 0,
  );
  return counts.length ? counts.map(([c, n]) => `${n} ${c}`).join(", ") : "none";
}

const PERCENTILES = ["p50", "p90", "p95", "p99", "max"] as const;

/** The per-minute usage distribution of one dimension, with the current and recommended size as lines. */
export function usageChart(rec: Recommendation, dimension: "cpu" | "memory", key: string): Html | undefined {
  const summary = rec.evidence[dimension];
  if (!summary) return undefined;
  const unit = dimension === "cpu" ? "CPU units" : "MiB";
  const current = rec.current[dimension];
  const recommended = rec.recommended?.[dimension];
  const values = PERCENTILES.map((p) => Math.round(summary[p]));
  const max = roundUp(Math.max(current, recommended ?? 0, ...values) * 1.1);
  const lines = sizeLines(current, recommended, max);
  const title =
    dimension === "cpu"
      ? "CPU used, CPU units (busiest task, per minute)"
      : "Memory used, MiB (busiest task, per minute)";
  return chart(
    {
      title: { text: title, left: 8, top: 4, textStyle: { fontSize: 13 } },
      grid: USAGE_GRID,
      xAxis: { type: "category", data: [...PERCENTILES] },
      yAxis: { type: "value", max },
      series: [
        {
          type: "bar",
          name: title,
          data: values,
          itemStyle: { color: "#0550ae" },
          barWidth: "45%",
          label: { show: true, position: "top" },
          markLine: { silent: true, symbol: "none", data: lines },
        },
      ],
    },
    USAGE_SIZE,
    {
      id: `usage-${dimension}--${key}`,
      description: `${title} over ${summary.count} minutes: ${PERCENTILES.map((p, i) => `${p} ${values[i]}`).join(", ")} ${unit}; current size ${current} ${unit}${recommended !== undefined ? `, recommended ${recommended} ${unit}` : ""}.`,
      table: table(
        title,
        ["statistic", unit],
        [
          ...PERCENTILES.map((p, i) => [p, values[i]]),
          ["current size", current],
          ...(recommended !== undefined ? [["recommended size", recommended]] : []),
        ],
      ),
    },
  );
}

const USAGE_SIZE = { width: 540, height: 260 };
/** The right margin holds the size lines' labels, out of the bars' way (their values print on top). */
const USAGE_GRID = { left: 56, right: 124, top: 44, bottom: 28 };

/** The current and recommended sizes as lines, labelled past the plot's right edge; one label when they are too close for two. */
function sizeLines(current: number, recommended: number | undefined, max: number) {
  const plotHeight = USAGE_SIZE.height - USAGE_GRID.top - USAGE_GRID.bottom;
  const close = recommended !== undefined && (Math.abs(current - recommended) / max) * plotHeight < 16;
  const line = (value: number, name: string, colour: string, type: string, text: string | undefined) => ({
    yAxis: value,
    name,
    lineStyle: { color: colour, type, width: 2 },
    label: text === undefined ? { show: false } : { formatter: text, position: "end", color: colour },
  });
  return [
    line(current, `current ${current}`, "#59636e", "solid", close ? undefined : `current ${current}`),
    ...(recommended !== undefined
      ? [
          line(
            recommended,
            `recommended ${recommended}`,
            "#1a7f37",
            "dashed",
            close ? `recommended ${recommended}\n(current ${current})` : `recommended ${recommended}`,
          ),
        ]
      : []),
  ];
}

/** A round axis maximum (two significant digits): 1,127 → 1,200. */
function roundUp(n: number): number {
  const step = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / step) * step;
}
