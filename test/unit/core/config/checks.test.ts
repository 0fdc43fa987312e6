import { describe, expect, it } from "vitest";
import {
  ASYNC_RETRY_WAITS_SECONDS,
  FUNCTION_TIMEOUT_SECONDS,
  globsOverlap,
  LOCK_SECONDS_RANGE,
} from "@ecs-guardrails/core/config/checks";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { InvalidConfigError } from "@ecs-guardrails/core/errors";

// Values valid on their own that cannot work together are rejected when the config is parsed
// (deploy and cold start), with the key to change.

function problemsOf(input: unknown): string[] {
  try {
    parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as InvalidConfigError).context["problems"] as string[];
  }
  return [];
}

const spot = (settings: Record<string, number>) => ({ "spot-fallback": settings });

describe("the Spot counterparts", () => {
  const counterparts = (c: Record<string, string>) => ({ policies: { "spot-fallback": { counterparts: c } } });

  it("accepts a Managed Instances Spot provider paired with its on-demand counterpart", () => {
    expect(problemsOf(counterparts({ "mi-spot": "mi-od" }))).toEqual([]);
  });

  it.each([
    [
      "Fargate's own pair",
      { FARGATE_SPOT: "mi-od" },
      "policies.spot-fallback.counterparts.FARGATE_SPOT: FARGATE_SPOT always falls back to FARGATE; counterparts are for Managed Instances Spot providers",
    ],
    [
      "a provider as its own counterpart",
      { "mi-spot": "mi-spot" },
      "policies.spot-fallback.counterparts.mi-spot: the on-demand counterpart must be another capacity provider",
    ],
    [
      "a counterpart that is itself a Spot provider",
      { a: "b", b: "c" },
      "policies.spot-fallback.counterparts.a: b is named as a Spot provider itself; the counterpart must be on-demand",
    ],
  ])("rejects %s, naming the key", (_, c, problem) => {
    expect(problemsOf(counterparts(c))).toEqual([problem]);
  });
});

describe("the Spot cool-down cap", () => {
  it("accepts the defaults and a cap equal to the cool-down", () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ policies: spot({ cooldownMinutes: 60, maxBackoffMinutes: 60 }) })).toEqual([]);
  });

  it("rejects a global cap below the global cool-down, naming the key", () => {
    expect(problemsOf({ policies: spot({ cooldownMinutes: 30, maxBackoffMinutes: 20 }) })).toEqual([
      expect.stringMatching(
        /^policies\.spot-fallback\.maxBackoffMinutes: maxBackoffMinutes 20 is less than cooldownMinutes 30/,
      ),
    ]);
  });

  it("rejects an override whose cool-down exceeds the global cap it inherits", () => {
    const problems = problemsOf({ overrides: [{ cluster: "prod", policies: spot({ cooldownMinutes: 300 }) }] });

    expect(problems).toEqual([
      "overrides.0.policies.spot-fallback.cooldownMinutes: maxBackoffMinutes 240 (from policies.spot-fallback) is less than cooldownMinutes 300 for services matching prod/*: the cap of the cool-down must be at least the cool-down",
    ]);
  });

  it("rejects an override whose cap falls below a cool-down set by an earlier override for the same services", () => {
    const problems = problemsOf({
      overrides: [
        { cluster: "prod", policies: spot({ cooldownMinutes: 90 }) },
        { service: "api-*", policies: spot({ maxBackoffMinutes: 60 }) },
      ],
    });

    expect(problems).toEqual([
      expect.stringMatching(
        /^overrides\.1\.policies\.spot-fallback\.maxBackoffMinutes: maxBackoffMinutes 60 is less than cooldownMinutes 90 \(from overrides\.0\.policies\.spot-fallback\) for services matching \*\/api-\*/,
      ),
    ]);
  });

  it("does not mix overrides that can never match the same service", () => {
    const config = {
      overrides: [
        { cluster: "prod-*", policies: spot({ cooldownMinutes: 30, maxBackoffMinutes: 30 }) },
        { cluster: "dev-*", policies: spot({ cooldownMinutes: 120 }) },
      ],
    };

    expect(problemsOf(config)).toEqual([]);
  });

  it("accepts an override that raises the cap together with the cool-down", () => {
    expect(
      problemsOf({
        overrides: [{ service: "batch", policies: spot({ cooldownMinutes: 300, maxBackoffMinutes: 600 }) }],
      }),
    ).toEqual([]);
  });
});

describe("alarm mappings", () => {
  const alarms = { "auto-rollback": { alarms: ["web-5xx"] } };

  it("accepts alarms in an override naming one cluster and one service", () => {
    expect(problemsOf({ overrides: [{ cluster: "prod", service: "web", policies: alarms }] })).toEqual([]);
  });

  it("rejects alarms in the global policies, which no service would ever match", () => {
    expect(problemsOf({ policies: alarms })).toEqual([
      expect.stringMatching(/^policies\.auto-rollback\.alarms: an alarm belongs to one service/),
    ]);
  });

  it.each([
    ["a cluster glob", { cluster: "prod-*", service: "web" }, "prod-*/web"],
    ["a service glob", { cluster: "prod", service: "we?" }, "prod/we?"],
    ["no service (every service)", { cluster: "prod" }, "prod/*"],
  ])("rejects alarms in an override with %s", (_, match, shown) => {
    expect(
      problemsOf({
        overrides: [
          { cluster: "ok", service: "ok", policies: alarms },
          { ...match, policies: alarms },
        ],
      }),
    ).toEqual([
      `overrides.1.policies.auto-rollback.alarms: alarms need an override naming one cluster and one service exactly, not the globs ${shown}`,
    ]);
  });
});

describe("the lock duration", () => {
  it("spans the longest function timeout up to Lambda's retry waits", () => {
    expect(LOCK_SECONDS_RANGE).toEqual({ min: FUNCTION_TIMEOUT_SECONDS.reconcile, max: 60 + 120 });
    expect(ASYNC_RETRY_WAITS_SECONDS).toEqual([60, 120]);
  });

  it.each([120, 150, 180])("accepts %i seconds", (lockSeconds) => {
    expect(problemsOf({ guards: { lockSeconds } })).toEqual([]);
  });

  it("rejects a lock shorter than the reconcile's timeout: a live invocation could lose it", () => {
    expect(problemsOf({ guards: { lockSeconds: 119 } })).toEqual([
      expect.stringMatching(/^guards\.lockSeconds: 119 is shorter than the longest function timeout \(120 s\)/),
    ]);
  });

  it("rejects a lock longer than Lambda's retry waits: a dead invocation's claim would outlast the retries", () => {
    expect(problemsOf({ guards: { lockSeconds: 181 } })).toEqual([
      expect.stringMatching(/^guards\.lockSeconds: 181 is longer than Lambda's retry waits \(60 \+ 120 s\)/),
    ]);
  });
});

it("reports every cross-key problem at once", () => {
  expect(
    problemsOf({
      guards: { lockSeconds: 600 },
      policies: { ...spot({ maxBackoffMinutes: 10 }), "auto-rollback": { alarms: ["a"] } },
    }),
  ).toHaveLength(3);
});

describe("globsOverlap", () => {
  it.each([
    ["*", "anything", true],
    ["prod", "prod", true],
    ["prod", "dev", false],
    ["prod-*", "dev-*", false],
    ["prod-*", "*-eu", true],
    ["api-*", "*-worker", true],
    ["a?c", "ab*", true],
    ["a?c", "abcd", false],
    ["*x", "*y", false],
    ["**", "", true],
  ])("%s and %s: %s", (a, b, expected) => {
    expect(globsOverlap(a, b)).toBe(expected);
    expect(globsOverlap(b, a)).toBe(expected);
  });
});
