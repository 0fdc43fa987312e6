import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, jsonLines, ROOT, runCli } from "../support/cli.ts";

// What a person sees while `guardrails replay` works: progress on stderr from the start (the
// store starting, the events loading, then the replaying bar), a table that fits the terminal,
// and nothing of it on stdout or under --json. Each run starts DynamoDB Local: two runs only.

const scenario = new URL("../fixtures/replay/crash-loop-scenario.json", import.meta.url).pathname;

/** stderr's lines with when each arrived (ms after spawn), and when stdout first had output. */
function timedRun(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stderr: { at: number; line: string }[]; stdout: string }>(
    (resolve, reject) => {
      const started = Date.now();
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const stderr: { at: number; line: string }[] = [];
      let stdout = "";
      let partial = "";
      child.stderr.on("data", (d: Buffer) => {
        const lines = (partial + d.toString()).split("\n");
        partial = lines.pop()!;
        for (const line of lines) stderr.push({ at: Date.now() - started, line });
      });
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stderr, stdout }));
    },
  );
}

describe("guardrails replay's progress", () => {
  it("says it is starting DynamoDB Local before the store is ready, then loading the events, then replaying", async () => {
    const run = await timedRun(["replay", scenario], { COLUMNS: "80" });

    expect(run.code).toBe(0);
    const lines = run.stderr.map((l) => l.line);
    expect(lines.slice(0, 2)).toEqual(["starting DynamoDB Local…", "loading 9 events…"]);
    expect(lines.slice(2).every((l) => /^replaying \d+\/9 \(\d+ %\)$/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe("replaying 9/9 (100 %)");
    // The store takes a while to start: the first line came well before the second.
    expect(run.stderr[1]!.at - run.stderr[0]!.at).toBeGreaterThan(200);
    expect(run.stdout).not.toMatch(/starting|loading|replaying/);
    // The tables fit COLUMNS, naming task definitions by family:revision.
    expect(run.stdout.split("\n").filter((l) => [...l].length > 80)).toEqual([]);
    expect(run.stdout).toMatch(/AT\s+CLUSTER\s+SERVICE/);
    expect(run.stdout).toContain("web:41");
    expect(run.stdout).not.toContain("arn:aws");
  }, 120_000);

  it("prints no progress with --json: stdout holds JSON lines only, stderr nothing", async () => {
    const run = await runCli(["replay", scenario, "--json"]);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim().split("\n").length).toBe(jsonLines(run.stdout).length);
  }, 120_000);
});
