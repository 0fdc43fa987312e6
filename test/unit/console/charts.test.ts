import { describe, expect, it } from "vitest";
import { labelRows } from "../../../packages/console/src/chart-labels.ts";
import { timelineChart } from "../../../packages/console/src/charts.ts";
import type { DeploymentBar, ServiceView } from "../../../packages/console/src/read-model.ts";

const bar = (i: number, minutes: number): DeploymentBar => ({
  deploymentId: `ecs-svc/${i}`,
  revision: `queue:${i}`,
  outcome: "completed",
  start: new Date(Date.parse("2026-11-20T10:00:00Z") + i * minutes * 60_000).toISOString(),
  end: new Date(Date.parse("2026-11-20T10:00:00Z") + (i * minutes + 1) * 60_000).toISOString(),
  failures: {},
  failureCount: 0,
  rollbackOf: undefined,
  rolledBackBy: undefined,
  source: undefined,
  initiatedBy: undefined,
});

const view = (deployments: DeploymentBar[]): ServiceView =>
  ({
    cluster: "prod",
    service: "queue",
    deployments,
    failures: [],
    threshold: { failures: 3, percent: undefined, ecs: undefined },
  }) as unknown as ServiceView;

describe("the timeline chart's labels", () => {
  it("puts a label that would overlap its neighbour in the next row, and leaves out one that fits no row", () => {
    const spans = [0, 50, 100, 400].map((centre) => ({ centre, text: "web:42 completed" }));
    // 16 characters at 7 px: 112 px wide, so labels 50 px apart collide.
    expect(labelRows(spans, 2, { left: 0, right: 1000 }).map((p) => p?.row)).toEqual([0, 1, undefined, 0]);
  });

  it("shifts a label at the plot's edge inside it, clear of the axis' own labels", () => {
    // 112 px wide + the gap: centred at 0 it would start at -59; it starts at the plot's left edge.
    expect(labelRows([{ centre: 0, text: "web:42 completed" }], 1, { left: 56, right: 1000 })).toEqual([
      { row: 0, shift: 115 },
    ]);
  });

  it("draws a service's deployments and the threshold when it has no failed task (a Spot-only service)", () => {
    const svg = timelineChart(view([bar(0, 30), bar(1, 30)]), "k").html;
    // One point per deployment start (the deployments' own series, index 0), and the threshold's label.
    expect(
      svg.match(
        /<path[^>]*transform="matrix[^>]*ecmeta_series_index="0" ecmeta_data_index="\d+" ecmeta_ssr_type="chart"/g,
      ),
    ).toHaveLength(2);
    expect(svg).toContain(">rollback threshold: 3 failures</text>");
    expect(svg).toContain(">queue:1 completed</text>");
  });

  it("keeps every label it draws clear of the others, with many deployments side by side", () => {
    const svg = timelineChart(view(Array.from({ length: 40 }, (_, i) => bar(i, 3))), "k").html;
    const labels = [
      ...svg.matchAll(/transform="translate\(([\d.]+) ([\d.]+)\)"[^>]*>(queue:\d+ completed)<\/text>/g),
    ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), width: m[3]!.length * 7 }));
    expect(labels.length).toBeGreaterThan(3);
    for (const a of labels)
      for (const b of labels)
        if (a !== b && a.y === b.y) expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual((a.width + b.width) / 2);
  });
});
