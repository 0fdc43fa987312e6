import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidConfigError } from "@ecs-guardrails/core/errors";
import { DEFAULT_CONFIG_FILE, optionalConfig, readConfigFile } from "@ecs-guardrails/cli/config-file";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

let dir: string;
const cwd = process.cwd();
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "config-file-"));
});
afterEach(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("readConfigFile", () => {
  it("returns the parsed JSON without validating it", () => {
    const file = write("c.json", JSON.stringify({ mode: "observe", unknownKey: 1 }));

    expect(readConfigFile(file)).toEqual({ mode: "observe", unknownKey: 1 });
  });

  it.each([
    ["is missing", () => join(dir, "missing.json"), "does not exist"],
    ["is not JSON", () => write("bad.json", "{ mode: observe }"), "is not valid JSON"],
  ])("rejects a file that %s, naming it", (_, file, message) => {
    const path = file();

    expect(() => readConfigFile(path)).toThrow(InvalidConfigError);
    expect(() => readConfigFile(path)).toThrow(`config file ${path} ${message}`);
  });
});

describe("optionalConfig", () => {
  it("reads the file given with --config", () => {
    const file = write("given.json", '{"a":1}');

    expect(optionalConfig(file)).toEqual({ a: 1 });
  });

  it("fails when the file given with --config is missing, even with a default file present", () => {
    write(DEFAULT_CONFIG_FILE, '{"a":1}');
    process.chdir(dir);

    expect(() => optionalConfig("other.json")).toThrow(InvalidConfigError);
  });

  it.each([
    ["reads guardrails.config.json from the working folder", true, { fromDefault: true }],
    ["falls back to defaults without a config file", false, {}],
  ])("%s", (_, present, expected) => {
    if (present) write(DEFAULT_CONFIG_FILE, JSON.stringify({ fromDefault: true }));
    process.chdir(dir);

    expect(optionalConfig(undefined)).toEqual(expected);
  });
});
