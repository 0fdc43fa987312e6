import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";

// `guardrails config validate FILE` and `start --config FILE` as a user runs them: a bad file is
// one line on stderr naming the file and the wrong key, never a stack trace.

const folder = mkdtempSync(join(tmpdir(), "guardrails-config-"));
function file(name: string, content: unknown): string {
  const path = join(folder, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("guardrails config validate", () => {
  it("exits 0 with one OK line for a valid file that names the JSON Schema", async () => {
    const path = file("ok.json", {
      $schema: "./guardrails.schema.json",
      policies: { "auto-rollback": { mode: "enforce", bakeMinutes: 15 } },
    });
    const run = await runCli(["config", "validate", path], { timeoutMs: 30_000 });

    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout.trim().split("\n")).toEqual([`${path}: OK`]);
  });

  it.each([
    ["a value out of range", { guards: { lockSeconds: 1 } }, "guards.lockSeconds"],
    ["an unknown key", { policies: { "auto-rollback": { bakeMinute: 15 } } }, "policies.auto-rollback"],
    ["a rule across keys", { guards: { lockSeconds: 60 } }, "guards.lockSeconds"],
    ["an account id that is not one", { overrides: [{ accounts: ["12345"], policies: {} }] }, "overrides.0.accounts.0"],
    ["an OU id that is not one", { scope: { organizationalUnits: ["ou-prod"] } }, "scope.organizationalUnits.0"],
    ["text that is not JSON", "{ nope", "not JSON"],
  ])("exits 2 with one line naming the file and the key for %s", async (_, content, key) => {
    const path = file("bad.json", content);
    const run = await runCli(["config", "validate", path], { timeoutMs: 30_000 });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`invalid ${path}: `);
    expect(lines[0]).toContain(key);
  });

  it("exits 0 for the repository's guardrails.example.json, as it is", async () => {
    const run = await runCli(["config", "validate", "guardrails.example.json"], { timeoutMs: 30_000 });

    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout.trim()).toBe("guardrails.example.json: OK");
  });

  it("exits 2 with one line for a file that does not exist", async () => {
    const run = await runCli(["config", "validate", join(folder, "missing.json")], { timeoutMs: 30_000 });

    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringContaining("missing.json does not exist")]);
  });
});

describe("guardrails start --config", () => {
  it("names the file in its error for an invalid configuration", async () => {
    const path = file("start-bad.json", { guards: { lockSeconds: 1 } });
    const run = await runCli(["start", "--config", path, "--no-demo"], { timeoutMs: 30_000 });

    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      `guardrails start: invalid ${path}: guards.lockSeconds: Too small: expected number to be >=5`,
    ]);
  });
});
