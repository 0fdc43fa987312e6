import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { COMMANDS } from "@ecs-guardrails/cli/commands";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT } from "../support/cli.ts";

// `guardrails` declares every command up front and loads a command's modules only when it runs,
// so its help, its usage errors and a replay's first line do not wait for the AWS SDK, the
// simulator, the local runtime, the functions or the console's charts. Proved by what the process loaded
// (a module loader hook), not by a time.

const HOOK = fileURLToPath(new URL("../support/module-loads.ts", import.meta.url));
const scenario = fileURLToPath(new URL("../fixtures/replay/crash-loop-scenario.json", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "guardrails-loads-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What must wait for a command that needs it (the local runtime is made of these, and the functions). */
const HEAVY = /\/node_modules\/(@aws-sdk|@smithy|echarts|zrender)\/|\/packages\/(aws|sim|console)\/|\/functions\//;

let runs = 0;
/** Runs `guardrails ARGS` under the hook; the modules it loaded, split at its first stderr line. */
function loads(args: string[], exitAtFirstLine = false) {
  const log = join(dir, `${++runs}.log`);
  return new Promise<{ code: number | null; stderr: string; before: string[]; all: string[] }>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", HOOK, BIN, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        GUARDRAILS_LOAD_LOG: log,
        ...(exitAtFirstLine ? { GUARDRAILS_EXIT_AT_FIRST_STDERR: "1" } : {}),
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const all = readFileSync(log, "utf8").split("\n").filter(Boolean);
      const cut = all.indexOf("> first stderr");
      resolve({ code, stderr, all, before: cut === -1 ? all : all.slice(0, cut) });
    });
  });
}

const heavy = (urls: string[]) =>
  urls.filter((u) => HEAVY.test(u)).map((u) => u.replace(/^file:\/\/.*?\/(node_modules|packages|functions)\//, "$1/"));

describe("guardrails loads a command's modules only when it runs", () => {
  it("prints its help without loading the AWS SDK, the simulator, the runtime or the console", async () => {
    const run = await loads(["--help"]);

    expect(run.code).toBe(0);
    // The hook saw the process: the parser and the entry point are there.
    expect(run.all.some((u) => u.includes("/node_modules/commander/"))).toBe(true);
    expect(run.all.some((u) => u.endsWith("/packages/cli/src/main.ts"))).toBe(true);
    expect(heavy(run.all)).toEqual([]);
  });

  it("prints every command's help, and a usage mistake, from the declarations alone", async () => {
    for (const { name } of COMMANDS) {
      const [help, mistake] = await Promise.all([loads([name, "--help"]), loads([name, "--no-such-flag"])]);

      expect(help.code, name).toBe(0);
      expect(heavy(help.all), `${name} --help`).toEqual([]);
      expect(mistake.code, name).toBe(2);
      expect(mistake.stderr).toMatch(new RegExp(`^guardrails ${name}: .+ \\(see \`guardrails ${name} --help\`\\)\\n$`));
      expect(heavy(mistake.all), `${name} --no-such-flag`).toEqual([]);
    }
  }, 120_000);

  it("says replay is starting DynamoDB Local before it loads the AWS SDK or the charting library", async () => {
    const run = await loads(["replay", scenario], true);

    expect(run.stderr).toBe("starting DynamoDB Local…\n");
    expect(run.all.at(-1)).toBe("> first stderr");
    // The scenario was read and checked before the line: a missing file is still one line, no progress.
    expect(run.before.some((u) => u.endsWith("/packages/cli/src/replay/input.ts"))).toBe(true);
    expect(heavy(run.before)).toEqual([]);
  });
});
