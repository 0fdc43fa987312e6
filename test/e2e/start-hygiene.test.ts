import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, runCli, startProcess } from "../support/cli.ts";
import { commandLine, isAlive, isLoopback, listeningSockets, processTree } from "../support/processes.ts";

// `guardrails start` as a process among others: what it exposes on the network, what it leaves
// behind when stopped, and what a second one on the same data does.

type Started = ReturnType<typeof startProcess>;
const running: Started[] = [];
afterEach(async () => {
  await Promise.all(
    running.splice(0).map(async (p) => {
      p.interrupt();
      const timer = setTimeout(() => p.kill(), 15_000);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}, 30_000);

async function serving(): Promise<{ p: Started; home: string; java: number }> {
  const home = mkdtempSync(join(tmpdir(), "guardrails-home-"));
  const p = startProcess(process.execPath, [BIN, "start", "--no-demo"], /Serving \(Ctrl-C to stop\)/, {
    env: { GUARDRAILS_HOME: home },
    timeoutMs: 60_000,
  });
  running.push(p);
  await p.started;
  const java = processTree(p.child.pid!).filter((pid) => /DynamoDBLocal/.test(commandLine(pid)));
  expect(java).toHaveLength(1);
  return { p, home, java: java[0]! };
}

/** Polls until `check` holds (at most ~10 s): a stopped process takes a moment to go. */
async function eventually(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 40; i += 1) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

describe("guardrails start, as a process", () => {
  it("listens on loopback only, DynamoDB Local included, and Ctrl-C leaves no Java process behind", async () => {
    const { p, java } = await serving();

    const sockets = listeningSockets(processTree(p.child.pid!));

    // DynamoDB Local, the AWS endpoints and the console at least.
    expect(sockets.length).toBeGreaterThanOrEqual(3);
    expect(sockets.filter((s) => s.pid === java)).not.toEqual([]);
    expect(sockets.filter((s) => !isLoopback(s.address))).toEqual([]);
    p.interrupt();
    expect(await p.exited).toBe(0);
    expect(await eventually(() => !isAlive(java))).toBe(true);
  }, 90_000);

  it("refuses a second start on the same data folder in one line, and SIGTERM leaves no Java process behind", async () => {
    const { p, home, java } = await serving();

    const second = await runCli(["start", "--no-demo"], { env: { GUARDRAILS_HOME: home }, timeoutMs: 30_000 });

    expect(second.code).toBe(1);
    expect(second.stdout).toBe("");
    expect(second.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(`^guardrails start: .*${join(home, "dynamodb")}.* in use by .*pid ${p.child.pid}`),
      ),
    ]);
    process.kill(p.child.pid!, "SIGTERM");
    expect(await p.exited).toBe(0);
    expect(await eventually(() => !isAlive(java))).toBe(true);
  }, 90_000);

  it("leaves no Java process behind even when killed outright (SIGKILL)", async () => {
    const { p, java } = await serving();

    p.kill();
    await p.exited;

    expect(await eventually(() => !isAlive(java))).toBe(true);
  }, 90_000);
});
