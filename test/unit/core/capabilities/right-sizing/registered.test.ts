import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { resolveSettings, tagProblemText } from "@ecs-guardrails/core/config/resolve";
import { InvalidConfigError } from "@ecs-guardrails/core/errors";

// The policy registered in the engine's table: the configuration takes its settings and
// tags, and refuses `enforce` wherever it is written.

function rejection(input: unknown): string {
  try {
    parseConfig(input, "guardrails.config.json");
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("right-sizing in the configuration", () => {
  it("fills in its settings' defaults", () => {
    const settings = parseConfig({}).policies["right-sizing"];

    expect(settings).toMatchObject({
      mode: "observe",
      schedule: "rate(1 day)",
      lookbackDays: 14,
      cpuPercentile: 95,
      memoryPercentile: 100,
      digestSchedule: "cron(0 9 ? * MON *)",
    });
  });

  it("refuses enforce with one message naming policies.right-sizing.mode", () => {
    expect(rejection({ policies: { "right-sizing": { mode: "enforce" } } })).toMatch(
      /policies\.right-sizing\.mode: enforce is not supported: right-sizing only recommends/,
    );
  });

  it("refuses enforce in an override too", () => {
    expect(
      rejection({ overrides: [{ cluster: "prod", service: "*", policies: { "right-sizing": { mode: "enforce" } } }] }),
    ).toMatch(/right-sizing\.mode: enforce is not supported/);
  });

  it("takes a service's tuning tags and ignores an enforce tag with a warning", () => {
    const config = parseConfig({});
    const tuned = resolveSettings(
      config,
      { cluster: "prod", service: "web" },
      { "guardrails:right-sizing:cpu-percentile": "99" },
    );
    const enforced = resolveSettings(
      config,
      { cluster: "prod", service: "web" },
      { "guardrails:right-sizing": "enforce" },
    );

    expect(tuned.policies["right-sizing"].cpuPercentile).toBe(99);
    expect(enforced.policies["right-sizing"].mode).toBe("observe");
    expect(enforced.problems.map(tagProblemText).join("\n")).toMatch(/right-sizing/);
  });
});
