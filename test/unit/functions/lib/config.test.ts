import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { InvalidConfigError } from "@ecs-guardrails/core/errors";
import { configAtColdStart, writeConfigFile } from "../../../../functions/lib/config.ts";

// The functions read their configuration from the file packaged with them, once per container.

const root = mkdtempSync(join(tmpdir(), "task-root-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("configAtColdStart", () => {
  it("reads the file named by GUARDRAILS_CONFIG_FILE relative to the function's root", () => {
    writeFileSync(join(root, "guardrails.config.json"), JSON.stringify({ killSwitch: true }));

    const config = configAtColdStart({ GUARDRAILS_CONFIG_FILE: "guardrails.config.json", LAMBDA_TASK_ROOT: root });

    expect(config).toEqual(parseConfig({ killSwitch: true }));
  });

  it("reads an absolute path as given, as the local runtime writes it", () => {
    const file = writeConfigFile(
      parseConfig({ policies: { "auto-rollback": { mode: "enforce" } } }),
      mkdtempSync(join(root, "local-")),
    );

    expect(
      configAtColdStart({ GUARDRAILS_CONFIG_FILE: file, LAMBDA_TASK_ROOT: "/nowhere" }).policies["auto-rollback"].mode,
    ).toBe("enforce");
  });

  it("fails naming the variable when it is not set, rather than guessing defaults", () => {
    expect(() => configAtColdStart({})).toThrow(InvalidConfigError);
    expect(() => configAtColdStart({})).toThrow("environment variable GUARDRAILS_CONFIG_FILE is not set");
  });

  it("fails naming the file when it is missing from the package", () => {
    expect(() => configAtColdStart({ GUARDRAILS_CONFIG_FILE: "absent.json", LAMBDA_TASK_ROOT: root })).toThrow(
      `GUARDRAILS_CONFIG_FILE names ${join(root, "absent.json")}, which cannot be read (ENOENT)`,
    );
  });

  it("fails naming the file and the key when the configuration is invalid", () => {
    writeFileSync(join(root, "bad.json"), JSON.stringify({ policies: { "auto-rollback": { alarms: ["x"] } } }));

    expect(() => configAtColdStart({ GUARDRAILS_CONFIG_FILE: "bad.json", LAMBDA_TASK_ROOT: root })).toThrow(
      /^invalid bad\.json: policies\.auto-rollback\.alarms: /,
    );
  });
});

describe("writeConfigFile", () => {
  it("writes a file configAtColdStart reads back unchanged", () => {
    const config = parseConfig({
      killSwitch: true,
      overrides: [{ cluster: "prod", service: "web", policies: { "auto-rollback": { alarms: ["web-5xx"] } } }],
    });

    const file = writeConfigFile(config);

    expect(file).toMatch(/guardrails-config-.+\/guardrails\.config\.json$/);
    expect(configAtColdStart({ GUARDRAILS_CONFIG_FILE: file })).toEqual(config);
  });
});
