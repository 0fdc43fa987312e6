import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "@ecs-guardrails/cli/scenario-file";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import { SimulatedUsage } from "@ecs-guardrails/sim/usage-metrics";

// A scenario's `usage`: the CPU and memory profile of a service, which the local CloudWatch
// endpoint serves for right-sizing.

const NOW = Date.parse("2026-11-20T10:00:00Z");

function scenarioFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "guardrails-scenario-")), "usage.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const profile = {
  tasks: 2,
  cpuUnits: 1024,
  memoryMiB: 2048,
  cpu: { low: 10, high: 30, peakHourUtc: 14 },
  memory: { low: 40, high: 50 },
};

describe("a scenario's usage profiles", () => {
  it("gives the named service its profile, served as its CloudWatch metrics", () => {
    const usage = new SimulatedUsage(() => NOW);
    loadScenario(scenarioFile({ usage: [{ cluster: "shop", service: "cart", profile }] })).apply(
      new EcsSimulator({ clock: createManualClock(NOW), emit: () => undefined }),
      usage,
    );
    const points = usage.datapoints(
      {
        namespace: "AWS/ECS",
        metricName: "MemoryUtilization",
        dimensions: { ClusterName: "shop", ServiceName: "cart" },
        stat: "Maximum",
        period: 3600,
      },
      NOW - 24 * 3_600_000,
      NOW,
    );

    expect(usage.profileOf({ cluster: "shop", service: "cart" })).toEqual(profile);
    expect(points.values).toHaveLength(24);
    expect(Math.max(...points.values)).toBeLessThanOrEqual(50);
    expect(Math.min(...points.values)).toBeGreaterThanOrEqual(40);
  });

  it("names the entry and what its profile lacks, in one line", () => {
    const file = scenarioFile({
      usage: [{ cluster: "shop", service: "cart", profile: { ...profile, cpu: { low: 10 } } }],
    });

    expect(() => loadScenario(file)).toThrow(
      `--scenario ${file}: usage[0]: profile needs tasks, cpuUnits, memoryMiB, cpu {low, high, peakHourUtc} and memory {low, high} as numbers`,
    );
  });
});
