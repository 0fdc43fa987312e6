import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { inScope, resolveSettings, tagProblemText } from "@ecs-guardrails/core/config/resolve";
import type { ConfigInput } from "@ecs-guardrails/core/config/schema";

// The settings for one service: defaults ← matching overrides, in order ← the service's tags.

const web = { cluster: "prod", service: "web" };
const resolve = (input: ConfigInput, ref = web, tags: Record<string, string> = {}) =>
  resolveSettings(parseConfig(input), ref, tags);
const rollbackOf = (input: ConfigInput, ref = web, tags: Record<string, string> = {}) =>
  resolve(input, ref, tags).policies["auto-rollback"];

describe("overrides", () => {
  it("apply to the services their cluster and service globs match", () => {
    const config: ConfigInput = {
      overrides: [{ cluster: "prod*", service: "w?b", policies: { "auto-rollback": { mode: "enforce" } } }],
    };

    expect(rollbackOf(config, { cluster: "prod-eu", service: "web" }).mode).toBe("enforce");
    expect(rollbackOf(config, { cluster: "prod", service: "wib" }).mode).toBe("enforce");
    expect(rollbackOf(config, { cluster: "staging", service: "web" }).mode).toBe("observe");
    expect(rollbackOf(config, { cluster: "prod", service: "webapp" }).mode).toBe("observe");
  });

  it("match any cluster or service they do not name", () => {
    const config: ConfigInput = {
      overrides: [{ service: "web", policies: { "auto-rollback": { failureThreshold: 5 } } }],
    };

    expect(rollbackOf(config, { cluster: "anything", service: "web" }).failureThreshold).toBe(5);
  });

  it("apply in order, so a later match wins", () => {
    const config: ConfigInput = {
      overrides: [
        { cluster: "prod", policies: { "auto-rollback": { mode: "enforce", failureThreshold: 5 } } },
        { cluster: "prod", service: "web", policies: { "auto-rollback": { failureThreshold: 2 } } },
      ],
    };

    expect(rollbackOf(config)).toMatchObject({ mode: "enforce", failureThreshold: 2 });
    expect(rollbackOf(config, { cluster: "prod", service: "api" })).toMatchObject({
      mode: "enforce",
      failureThreshold: 5,
    });
  });

  it("change only the keys they name: an override setting alarms keeps the configured mode", () => {
    const config: ConfigInput = {
      policies: { "auto-rollback": { mode: "enforce", bakeMinutes: 20 } },
      overrides: [{ cluster: "prod", service: "web", policies: { "auto-rollback": { alarms: ["web-5xx"] } } }],
    };

    expect(rollbackOf(config)).toMatchObject({
      mode: "enforce",
      bakeMinutes: 20,
      failureThreshold: 3,
      alarms: ["web-5xx"],
    });
  });

  it("change only the policy they name", () => {
    const config: ConfigInput = {
      policies: { "spot-fallback": { mode: "enforce", cooldownMinutes: 45 } },
      overrides: [{ service: "web", policies: { "auto-rollback": { mode: "off" } } }],
    };

    expect(resolve(config).policies["spot-fallback"]).toMatchObject({ mode: "enforce", cooldownMinutes: 45 });
  });

  it("leave the configuration untouched for the next service", () => {
    const config = parseConfig({ overrides: [{ service: "web", policies: { "auto-rollback": { mode: "enforce" } } }] });

    resolveSettings(config, web);

    expect(config.policies["auto-rollback"].mode).toBe("observe");
    expect(resolveSettings(config, { cluster: "prod", service: "api" }).policies["auto-rollback"].mode).toBe("observe");
  });
});

describe("service tags", () => {
  it("set a policy's mode, ahead of the overrides", () => {
    const config: ConfigInput = { overrides: [{ service: "web", policies: { "auto-rollback": { mode: "enforce" } } }] };

    expect(rollbackOf(config, web, { "guardrails:auto-rollback": "off" }).mode).toBe("off");
    expect(rollbackOf({}, web, { "guardrails:spot-fallback": " Enforce " }).mode).toBe("observe");
    expect(resolve({}, web, { "guardrails:spot-fallback": " Enforce " }).policies["spot-fallback"].mode).toBe(
      "enforce",
    );
  });

  it.each([
    ["guardrails:auto-rollback:failure-threshold", "5", "auto-rollback", "failureThreshold", 5],
    ["guardrails:auto-rollback:failure-percent", "25", "auto-rollback", "failurePercent", 25],
    ["guardrails:auto-rollback:bake-minutes", "0", "auto-rollback", "bakeMinutes", 0],
    ["guardrails:spot-fallback:cooldown-minutes", "15", "spot-fallback", "cooldownMinutes", 15],
    ["guardrails:spot-fallback:grace-minutes", "2.5", "spot-fallback", "belowDesiredGraceMinutes", 2.5],
  ] as const)("%s=%s sets %s.%s", (tag, value, policy, key, expected) => {
    const { policies, problems } = resolve({ policies: { [policy]: { [key]: 7 } } }, web, { [tag]: value });

    expect((policies[policy] as Record<string, unknown>)[key]).toBe(expected);
    expect(problems.map(tagProblemText)).toEqual([]);
  });

  it("ignore tags without the guardrails prefix", () => {
    expect(resolve({}, web, { team: "payments", "auto-rollback": "enforce" })).toMatchObject({
      problems: [],
      policies: { "auto-rollback": { mode: "observe" } },
    });
  });

  it.each([
    ["a wrong mode", { "guardrails:spot-fallback": "on" }, "not a mode; allowed: off, observe or enforce"],
    ["a parameter that is not a number", { "guardrails:auto-rollback:bake-minutes": "ten" }, "not a number"],
    ["an empty parameter", { "guardrails:auto-rollback:failure-threshold": " " }, "not a number"],
    ["an unknown guardrails tag", { "guardrails:auto-rollback:threshold": "5" }, "unknown guardrails tag"],
    ["a threshold of zero", { "guardrails:auto-rollback:failure-threshold": "0" }, "failureThreshold"],
    ["a fractional threshold", { "guardrails:auto-rollback:failure-threshold": "2.5" }, "failureThreshold"],
    ["a percentage above 100", { "guardrails:auto-rollback:failure-percent": "150" }, "failurePercent"],
    ["a negative cooldown", { "guardrails:spot-fallback:cooldown-minutes": "-5" }, "cooldownMinutes"],
  ])("ignore %s with a warning and still apply the other tags", (_, invalid, warning) => {
    const tags = { "guardrails:auto-rollback": "enforce", "guardrails:spot-fallback:grace-minutes": "3", ...invalid };
    const config: ConfigInput = { policies: { "auto-rollback": { failureThreshold: 4, bakeMinutes: 20 } } };

    const { policies, problems } = resolve(config, web, tags);

    expect(problems.map(tagProblemText)).toEqual([expect.stringContaining(warning)]);
    expect(tagProblemText(problems[0]!)).toContain(Object.keys(invalid)[0]);
    expect(policies["auto-rollback"]).toMatchObject({ mode: "enforce", failureThreshold: 4, bakeMinutes: 20 });
    expect(policies["auto-rollback"].failurePercent).toBeUndefined();
    expect(policies["spot-fallback"]).toMatchObject({
      mode: "observe",
      belowDesiredGraceMinutes: 3,
      cooldownMinutes: 30,
    });
  });
});

describe("scope", () => {
  const scoped: ConfigInput = {
    scope: { clusters: ["prod-*", "shared"], services: ["*"], exclude: ["prod-eu/legacy-*", "*/batch"] },
  };

  it.each([
    ["prod-us", "web", true],
    ["shared", "web", true],
    ["staging", "web", false],
    ["prod-eu", "legacy-api", false],
    ["prod-us", "legacy-api", true],
    ["shared", "batch", false],
    ["prod-us", "batch-2", true],
  ])("%s/%s is in scope: %s", (cluster, service, expected) => {
    const ref = { cluster, service };

    expect(inScope(parseConfig(scoped), ref)).toBe(expected);
    expect(resolveSettings(parseConfig(scoped), ref).inScope).toBe(expected);
  });

  it("limits services by their name glob", () => {
    const config = parseConfig({ scope: { services: ["api-?", "web"] } });

    expect([
      inScope(config, { cluster: "c", service: "api-1" }),
      inScope(config, { cluster: "c", service: "api-10" }),
      inScope(config, web),
    ]).toEqual([true, false, true]);
  });

  it("takes every glob character but * and ? literally", () => {
    const config = parseConfig({ scope: { clusters: ["prod.eu"], services: ["web(1)"] } });

    expect(inScope(config, { cluster: "prod.eu", service: "web(1)" })).toBe(true);
    expect(inScope(config, { cluster: "prodXeu", service: "web(1)" })).toBe(false);
    expect(inScope(config, { cluster: "prod.eu", service: "web1" })).toBe(false);
  });
});

describe("an invalid service tag", () => {
  it("is a problem naming the tag, its value, the allowed values and the configured value the setting keeps", () => {
    const { policies, problems } = resolve({}, web, { "guardrails:auto-rollback": "on" });

    expect(policies["auto-rollback"].mode).toBe("observe");
    expect(problems).toEqual([
      {
        tag: "guardrails:auto-rollback",
        value: "on",
        policy: "auto-rollback",
        problem: "not a mode",
        allowed: "off, observe or enforce",
        setting: "mode",
        kept: "observe",
      },
    ]);
  });

  it("offers only the modes the policy has", () => {
    const { problems } = resolve({}, web, { "guardrails:right-sizing": "enforce" });

    expect(problems).toEqual([
      expect.objectContaining({ policy: "right-sizing", allowed: "off or observe", setting: "mode", kept: "observe" }),
    ]);
  });

  it("with a parameter that is not a number keeps the configured number", () => {
    const { problems } = resolve({ policies: { "auto-rollback": { bakeMinutes: 20 } } }, web, {
      "guardrails:auto-rollback:bake-minutes": "ten",
    });

    expect(problems).toEqual([
      {
        tag: "guardrails:auto-rollback:bake-minutes",
        value: "ten",
        policy: "auto-rollback",
        problem: "not a number",
        allowed: "a number",
        setting: "bakeMinutes",
        kept: "20",
      },
    ]);
  });

  it("with an unknown name lists the tags its policy takes", () => {
    const [problem] = resolve({}, web, { "guardrails:auto-rollback:threshold": "5" }).problems;

    expect(problem).toMatchObject({ policy: "auto-rollback", problem: "unknown guardrails tag", setting: undefined });
    expect(problem?.allowed).toContain("guardrails:auto-rollback:failure-threshold");
  });
});

describe("a mode tag a policy does not have", () => {
  it("is dropped alone: the service's other tags still apply", () => {
    const { policies, problems } = resolve({}, web, {
      "guardrails:right-sizing": "enforce",
      "guardrails:auto-rollback": "enforce",
    });

    expect(policies["auto-rollback"].mode).toBe("enforce");
    expect(policies["right-sizing"].mode).toBe("observe");
    expect(problems.map((p) => p.tag)).toEqual(["guardrails:right-sizing"]);
  });
});
