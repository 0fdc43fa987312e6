import { describe, expect, it } from "vitest";
import { parseConfig, parseConfigJson } from "@ecs-guardrails/core/config/load";
import { InvalidConfigError } from "@ecs-guardrails/core/errors";

// Configuration as code: safe defaults, and a message that names the wrong key.

function messageOf(input: unknown): string {
  try {
    parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("parseConfig defaults", () => {
  it("puts every policy in observe mode", () => {
    const { policies } = parseConfig({});

    expect(Object.fromEntries(Object.entries(policies).map(([id, s]) => [id, s.mode]))).toEqual({
      "auto-rollback": "observe",
      "spot-fallback": "observe",
      "right-sizing": "observe",
      "scheduled-scaling": "observe",
      "pause-hook": "observe",
    });
  });

  it("rolls back after 3 failures with a 10-minute bake and every failure class counted", () => {
    const settings = parseConfig({}).policies["auto-rollback"];

    expect(settings.failurePercent).toBeUndefined();
    expect(settings).toMatchObject({
      failureThreshold: 3,
      bakeMinutes: 10,
      failureClasses: ["crash", "out-of-memory", "health-check", "failed-to-start"],
      alarms: [],
      includeAlarmsAlreadyFiring: false,
    });
  });

  it("leaves the kill switch off and scopes every cluster and service", () => {
    const config = parseConfig({});

    expect(config.killSwitch).toBe(false);
    expect(config.scope).toEqual({ clusters: ["*"], services: ["*"], exclude: [] });
    expect(config.overrides).toEqual([]);
  });

  it.each([undefined, null, {}])("treats %j as an empty configuration", (input) => {
    expect(parseConfig(input)).toEqual(parseConfig({}));
  });

  it("fills in the defaults next to the keys a policy sets", () => {
    const settings = parseConfig({ policies: { "auto-rollback": { mode: "enforce", bakeMinutes: 0 } } }).policies[
      "auto-rollback"
    ];

    expect(settings).toMatchObject({ mode: "enforce", bakeMinutes: 0, failureThreshold: 3, onDeploymentFailed: true });
  });
});

describe("parseConfig with an invalid configuration", () => {
  it.each([
    [
      "a threshold below 1",
      { policies: { "auto-rollback": { failureThreshold: 0 } } },
      "policies.auto-rollback.failureThreshold:",
    ],
    [
      "a fractional threshold",
      { policies: { "auto-rollback": { failureThreshold: 2.5 } } },
      "policies.auto-rollback.failureThreshold:",
    ],
    [
      "a percentage above 100",
      { policies: { "auto-rollback": { failurePercent: 150 } } },
      "policies.auto-rollback.failurePercent:",
    ],
    ["a wrong mode value", { policies: { "spot-fallback": { mode: "on" } } }, "policies.spot-fallback.mode:"],
    [
      "an unknown failure class",
      { policies: { "auto-rollback": { failureClasses: ["spot-interruption"] } } },
      "policies.auto-rollback.failureClasses.0:",
    ],
    ["an empty scope", { scope: { clusters: [] } }, "scope.clusters:"],
    [
      "a wrong mode in an override",
      { overrides: [{ service: "web", policies: { "auto-rollback": { mode: "yes" } } }] },
      "overrides.0.policies.auto-rollback.mode:",
    ],
  ])("names the key for %s", (_, input, key) => {
    expect(messageOf(input)).toContain(key);
  });

  it.each([
    ["at the top level", { killswitch: true }, "(root): ", "killswitch"],
    ["in a policy", { policies: { "auto-rollback": { threshold: 3 } } }, "policies.auto-rollback: ", "threshold"],
    ["as a policy", { policies: { "auto-rollbak": { mode: "enforce" } } }, "policies: ", "auto-rollbak"],
    [
      "in an override",
      { overrides: [{ cluster: "prod", policies: { "auto-rollback": { bake: 5 } } }] },
      "overrides.0.policies.auto-rollback: ",
      "bake",
    ],
  ])("rejects an unknown key %s and names it", (_, input, where, key) => {
    const message = messageOf(input);

    expect(message).toContain(where);
    expect(message).toContain(`(unknown key ${key})`);
  });

  it("names every wrong key at once", () => {
    const message = messageOf({ killSwitch: "yes", policies: { "auto-rollback": { bakeMinutes: -1 } } });

    expect(message).toMatch(/^invalid configuration: /);
    expect(message).toContain("killSwitch:");
    expect(message).toContain("policies.auto-rollback.bakeMinutes:");
  });

  it("lists the problems in the error's context", () => {
    try {
      parseConfig({ guards: { maxActionsPerService: 0 } });
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidConfigError).context["problems"]).toEqual([
        expect.stringMatching(/^guards\.maxActionsPerService: /),
      ]);
    }
  });
});

describe("parseConfigJson", () => {
  it("reads configuration JSON, defaults filled in", () => {
    const config = parseConfigJson(
      JSON.stringify({ killSwitch: true, policies: { "auto-rollback": { mode: "enforce" } } }),
      "guardrails.config.json",
    );

    expect(config.killSwitch).toBe(true);
    expect(config.policies["auto-rollback"].mode).toBe("enforce");
    expect(config.policies["spot-fallback"].mode).toBe("observe");
  });

  it("names the source when the text is not JSON", () => {
    expect(() => parseConfigJson("{mode: enforce}", "guardrails.config.json")).toThrow(InvalidConfigError);
    expect(() => parseConfigJson("{mode: enforce}", "guardrails.config.json")).toThrow(
      /^invalid guardrails\.config\.json: not JSON/,
    );
  });

  it("names the source and the key when the JSON is not a valid configuration", () => {
    expect(() => parseConfigJson('{"policies":{"auto-rollback":{"mode":"always"}}}', "guardrails.config.json")).toThrow(
      /^invalid guardrails\.config\.json: policies\.auto-rollback\.mode: /,
    );
  });

  it("names the source and the key when keys do not work together", () => {
    expect(() => parseConfigJson('{"guards":{"lockSeconds":30}}', "guardrails.config.json")).toThrow(
      /^invalid guardrails\.config\.json: guards\.lockSeconds: /,
    );
  });
});
