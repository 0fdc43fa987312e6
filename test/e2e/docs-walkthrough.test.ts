import { execFile, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, jsonLines, type Run, startProcess } from "../support/cli.ts";
import { pageVariables, walkthroughBlock } from "../support/walkthrough.ts";

// The docs followed step by step, as a reader would: the blocks the pages mark with
// `<!-- walkthrough: NAME -->` (test/support/walkthrough.ts) are run as written — `npm start`,
// the demo backtest (export → replay with the candidate), a CloudWatch Logs recording read back
// with the real AWS CLI and turned into a stream, and the observe report — and what each page
// says the step prints is checked. What is substituted, and why:
// - `npm install && ` is dropped from the first block: the dependencies are in place;
// - `npx guardrails` runs the workspace's bin (a shim on PATH): npx resolves it only inside the
//   project folder, and the steps write their files into a temporary one;
// - recording-events.md's own placeholders (REGION, ACCOUNT, GROUP) are set as its first block
//   sets them, and the AWS CLI finds CloudWatch Logs at a local FilterLogEvents endpoint through
//   AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, so the command itself is unchanged.

const AWS = process.env["GUARDRAILS_AWS_CLI"] ?? "aws";
const awsCli = await new Promise<boolean>((resolve) => execFile(AWS, ["--version"], (error) => resolve(!error)));
if (!awsCli && process.env["GUARDRAILS_REQUIRE_AWS_CLI"])
  throw new Error(`the AWS CLI (${AWS}) is required: apt-get install -y awscli`);

const home = mkdtempSync(join(tmpdir(), "guardrails-walkthrough-"));
const work = mkdtempSync(join(tmpdir(), "walkthrough-work-"));
const shims = join(home, "bin");
mkdirSync(shims);
writeFileSync(
  join(shims, "npx"),
  [
    "#!/bin/sh",
    `[ "$1" = guardrails ] || { echo "the walkthrough runs npx guardrails only, not npx $1" >&2; exit 2; }`,
    "shift",
    `exec "${process.execPath}" "${BIN}" "$@"`,
  ].join("\n"),
);
chmodSync(join(shims, "npx"), 0o755);

const env: Record<string, string> = {
  GUARDRAILS_HOME: join(home, ".guardrails"),
  PATH: [shims, dirname(process.execPath), process.env["PATH"]].join(":"),
  COLUMNS: "220",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  AWS_CONFIG_FILE: join(home, "no-aws-config"),
  AWS_SHARED_CREDENTIALS_FILE: join(home, "no-aws-credentials"),
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_PAGER: "",
};

/** A marked shell block, run as written in the walkthrough's folder. */
function runBlock(body: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-e", "-o", "pipefail", "-c", body], {
      cwd: work,
      env: { ...process.env, ...env, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// Step 1: getting-started.md's first block, once for every step.
const startLine = walkthroughBlock("start").body.split("\n")[0]!;
const startCommand = startLine
  .replace(/#.*$/, "")
  .replace(/^npm install && /, "")
  .trim();
let demo: ReturnType<typeof startProcess>;

beforeAll(() => {
  demo = startProcess("bash", ["-c", startCommand], /Serving \(Ctrl-C to stop\)/, { env, timeoutMs: 240_000 });
});
afterAll(async () => {
  demo.interrupt();
  const timer = setTimeout(() => demo.kill(), 15_000);
  await demo.exited;
  clearTimeout(timer);
}, 30_000);

const rows = (stdout: string, heading: RegExp) => {
  const lines = stdout.split("\n");
  const start = lines.findIndex((l) => heading.test(l));
  const end = lines.findIndex((l, i) => i > start + 2 && l.trim() === "");
  return start < 0 ? [] : lines.slice(start + 3, end < 0 ? undefined : end);
};

describe("the docs' walkthrough, followed step by step", () => {
  it("getting started: `npm start` runs the demo, closes it with its span and the right-sizing recommendations, and serves", async () => {
    expect(startCommand).toBe("npm start");
    const output = await demo.started;

    expect(output).toMatch(/Demo done: \d+ minutes of simulated time \(.+ → .+ UTC\) in \d+ s; 0 dead letters\./);
    expect(output).toMatch(/demo\/reports \(reports:1\): over-provisioned: 2 vCPU \/ 8 GB → 0\.5 vCPU \/ 3 GB/);
    expect(output).toMatch(
      /demo\/thumbnails \(thumbnails:1\): under-provisioned: 0\.5 vCPU \/ 1 GB → 0\.5 vCPU \/ 2 GB/,
    );
  }, 250_000);

  it("replay: the demo's table exported and replayed with the candidate lists live's rollbacks as differences, first", async () => {
    await demo.started;
    writeFileSync(join(work, "candidate.json"), walkthroughBlock("candidate.json").body);

    const run = await runBlock(walkthroughBlock("backtest-demo").body);

    expect(run.stderr).toMatch(/^exported \d+ services?, \d+ events and \d+ recorded decisions since /m);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Built from the events \(no state given\):$/m);
    expect(run.stdout).toMatch(/^\d+ events, 0 duplicates, 0 rejected, \d+ actions, \d+ notifications$/m);
    const head = /^Beside what live recorded: (\d+) differences?, (\d+) in agreement$/m.exec(run.stdout);
    expect(head).not.toBeNull();
    const pairs = rows(run.stdout, /^Beside what live recorded/);
    expect(pairs).toHaveLength(Number(head![1]) + Number(head![2]));
    // Differences first: no "differs" row after an "agrees" one.
    const verdicts = pairs.map((p) => (p.startsWith("differs") ? "differs" : "agrees"));
    expect(verdicts).toEqual(verdicts.toSorted((a, b) => (a === b ? 0 : a === "differs" ? -1 : 1)));
    // What the page says: with auto-rollback off, each of the demo's rollbacks is only live's.
    const onlyRecorded = pairs
      .filter((p) => /^differs: only-recorded\s+\S+\s+auto-rollback\s+rollback\b/.test(p))
      .map((p) => p.split(/\s+/)[2])
      .sort();
    expect(onlyRecorded).toEqual(["demo/checkout", "demo/shop", "demo/web", "demo/worker"]);
  }, 180_000);

  describe.skipIf(!awsCli)("recording events: read back with the AWS CLI, turned into a stream, replayed", () => {
    const requests: { target: string; body: Record<string, unknown>; region: string }[] = [];
    let logs: Server;
    let envelopes: Record<string, unknown>[] = [];

    beforeAll(async () => {
      logs = createServer((req, res) => {
        let raw = "";
        req.on("data", (d: Buffer) => (raw += d.toString()));
        req.on("end", () => {
          const body = JSON.parse(raw || "{}") as Record<string, unknown>;
          const region = /Credential=[^/]+\/\d+\/([^/]+)\/logs\//.exec(String(req.headers["authorization"]))?.[1] ?? "";
          requests.push({ target: String(req.headers["x-amz-target"]), body, region });
          res.setHeader("content-type", "application/x-amz-json-1.1");
          res.end(JSON.stringify(filterLogEvents(envelopes, body)));
        });
      });
      await new Promise<void>((r) => logs.listen(0, "127.0.0.1", r));
    });
    afterAll(() => new Promise<void>((r) => logs.close(() => r())));

    it("from-logs: the recording of the demo's events becomes its stream, each event once, and replays", async () => {
      await demo.started;
      // The log group holds what the rule delivered: the demo's events, as `guardrails export` has them.
      envelopes = jsonLines(readFileSync(join(work, "events.jsonl"), "utf8")).filter((l) => !("guardrails" in l));
      expect(envelopes.length).toBeGreaterThan(100);
      const page = "docs/recording-events.md";
      const url = `http://127.0.0.1:${(logs.address() as { port: number }).port}`;

      const run = await runBlock(walkthroughBlock("from-logs").body, {
        ...pageVariables(page),
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url,
      });

      expect(run.stderr).toMatch(new RegExp(`^${envelopes.length} events \\(1 duplicate dropped\\)$`, "m"));
      expect(run.code).toBe(0);
      // The AWS CLI asked as the page says, and followed the pages itself.
      const vars = pageVariables(page);
      expect(requests.length).toBeGreaterThan(1);
      for (const r of requests) {
        expect(r).toMatchObject({ target: "Logs_20140328.FilterLogEvents", region: vars["REGION"] });
        expect(r.body["logGroupName"]).toBe(vars["GROUP"]);
        expect(Math.abs(Number(r.body["startTime"]) - (Date.now() - 30 * 86_400_000))).toBeLessThan(600_000);
      }
      const stream = jsonLines(readFileSync(join(work, "events.jsonl"), "utf8"));
      expect(stream.map((e) => e["id"]).sort()).toEqual(envelopes.map((e) => e["id"]).sort());
      // A recording carries no decisions: the replay reports the candidate alone.
      expect(run.stdout).toMatch(new RegExp(`^${envelopes.length} events, 0 duplicates, 0 rejected, `, "m"));
      expect(run.stdout).not.toMatch(/Beside what live recorded/);
    }, 180_000);
  });

  it("observe to enforce: the observe report on the demo's table says nothing was observed, the demo enforcing", async () => {
    await demo.started;

    const run = await runBlock(walkthroughBlock("observe-report").body);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const since = /^No policy in observe mode would have acted since (\S+)\.$/m.exec(run.stdout)?.[1];
    expect(Math.abs(Date.parse(String(since)) - (Date.now() - 14 * 86_400_000))).toBeLessThan(600_000);
  }, 60_000);
});

/** CloudWatch Logs' FilterLogEvents over a group EventBridge wrote to: one message per envelope, 200 a page. */
function filterLogEvents(envelopes: readonly Record<string, unknown>[], body: Record<string, unknown>) {
  const startTime = Number(body["startTime"] ?? 0);
  // EventBridge delivers at least once: the first event is in the group twice.
  const delivered = [...envelopes, envelopes[0]!].map((e, i) => ({
    logStreamName: "events",
    timestamp: Date.parse(String(e["time"])) + 500,
    message: JSON.stringify(e),
    ingestionTime: Date.parse(String(e["time"])) + 900,
    eventId: String(i),
  }));
  const kept = delivered.filter((e) => e.timestamp >= startTime);
  const from = Number(body["nextToken"] ?? 0);
  const next = from + 200;
  return {
    events: kept.slice(from, next),
    searchedLogStreams: [],
    ...(next < kept.length ? { nextToken: String(next) } : {}),
  };
}
