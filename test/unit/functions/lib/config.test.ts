import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { InvalidConfigError } from "@ecs-guardrails/core/errors";
import { packagedConfigText } from "@ecs-guardrails/core/config/packaged";
import { CONFIG_STAMP } from "@ecs-guardrails/core/config/stamp";
import { configAtColdStart, writeConfigFile } from "../../../../functions/lib/config.ts";

// The functions read their configuration from the file packaged with them, once per container:
// the form the deploy step validated and normalised, under the stamp of the schema it used.

const root = mkdtempSync(join(tmpdir(), "task-root-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("configAtColdStart", () => {
  it("reads the file named by GUARDRAILS_CONFIG_FILE relative to the function's root", () => {
    writeFileSync(join(root, "guardrails.config.json"), packagedConfigText(parseConfig({ killSwitch: true })));

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

  // The deploy step validated the file (packages/infra options.ts): the cold start does not parse
  // it again, it checks that the same schema wrote it.
  it("fails in one line naming the file when no deploy step of this version packaged it", () => {
    writeFileSync(join(root, "raw.json"), JSON.stringify({ policies: { "auto-rollback": { mode: "enforce" } } }));

    expect(() => configAtColdStart({ GUARDRAILS_CONFIG_FILE: "raw.json", LAMBDA_TASK_ROOT: root })).toThrow(
      `invalid raw.json: not the configuration this version's deploy step packages (stamp none, expected ${CONFIG_STAMP}); deploy again`,
    );
  });

  it("fails naming both stamps when another version's deploy step packaged the file", () => {
    writeFileSync(join(root, "old.json"), JSON.stringify({ stamp: "0123456789abcdef", config: parseConfig({}) }));

    expect(() => configAtColdStart({ GUARDRAILS_CONFIG_FILE: "old.json", LAMBDA_TASK_ROOT: root })).toThrow(
      `invalid old.json: not the configuration this version's deploy step packages (stamp 0123456789abcdef, expected ${CONFIG_STAMP}); deploy again`,
    );
  });

  it("fails in one line when the packaged configuration was changed after the deploy step validated it", () => {
    const packaged = JSON.parse(packagedConfigText(parseConfig({})));
    packaged.config.guards.lockSeconds = 600;
    writeFileSync(join(root, "edited.json"), JSON.stringify(packaged));

    expect(() => configAtColdStart({ GUARDRAILS_CONFIG_FILE: "edited.json", LAMBDA_TASK_ROOT: root })).toThrow(
      "invalid edited.json: changed after the deploy step validated it (its checksum differs); deploy again",
    );
  });

  it("fails in one line when the file is not JSON", () => {
    writeFileSync(join(root, "cut.json"), '{"stamp":');

    expect(() => configAtColdStart({ GUARDRAILS_CONFIG_FILE: "cut.json", LAMBDA_TASK_ROOT: root })).toThrow(
      /^invalid cut\.json: not JSON \(/,
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
