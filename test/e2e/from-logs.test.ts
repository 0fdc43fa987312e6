import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonLines, runCli } from "../support/cli.ts";

// `guardrails from-logs`: a recording made without the guardrails (an EventBridge rule to a
// CloudWatch Logs group, docs/recording-events.md) turned into a replay stream. The recording
// is the real AWS CLI's own `aws logs filter-log-events` output, asked of a local endpoint
// that answers FilterLogEvents with the fixtures' envelopes as EventBridge writes them.

const AWS = process.env["GUARDRAILS_AWS_CLI"] ?? "aws";
const available = await new Promise<boolean>((resolve) => execFile(AWS, ["--version"], (error) => resolve(!error)));
if (!available && process.env["GUARDRAILS_REQUIRE_AWS_CLI"])
  throw new Error(`the AWS CLI (${AWS}) is required: apt-get install -y awscli`);

const FIXTURES = new URL("../fixtures/aws-events/", import.meta.url).pathname;
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as Record<string, unknown>;
const envelopes = [
  fixture("ecs-task-stopped-elb-health-check-real.json"),
  fixture("ecs-deployment-in-progress.json"),
  fixture("cloudwatch-alarm-state-change-single-metric.json"),
  fixture("ecs-task-running-service-fargate-real.json"),
];
const dir = mkdtempSync(join(tmpdir(), "from-logs-"));
const home = mkdtempSync(join(tmpdir(), "from-logs-aws-"));

/** CloudWatch Logs' FilterLogEvents as the log group holds them: newest delivery last, one message per envelope. */
function logEvents() {
  // Delivered out of order and once twice, as EventBridge may.
  const delivered = [envelopes[1], envelopes[0], envelopes[3], envelopes[2], envelopes[0]];
  return delivered.map((e, i) => ({
    logStreamName: "events",
    timestamp: Date.parse(String(e!["time"])) + 500,
    message: JSON.stringify(e),
    ingestionTime: Date.parse(String(e!["time"])) + 900,
    eventId: `3796${i}`,
  }));
}

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"]);
      res.setHeader("content-type", "application/x-amz-json-1.1");
      if (target !== "Logs_20140328.FilterLogEvents") {
        res.statusCode = 400;
        return res.end(JSON.stringify({ __type: "UnknownOperationException" }));
      }
      res.end(JSON.stringify({ events: logEvents(), searchedLogStreams: [] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function awsFilterLogEvents(): Promise<string> {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_PAGER: "",
    AWS_CONFIG_FILE: join(home, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
  };
  const args = ["logs", "filter-log-events", "--log-group-name", "/guardrails/ecs-events"];
  return new Promise((resolve, reject) =>
    execFile(
      AWS,
      [...args, "--endpoint-url", url, "--output", "json"],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    ),
  );
}

describe.skipIf(!available)("guardrails from-logs", () => {
  it("turns the AWS CLI's filter-log-events output into a replay stream, by time, each event once", async () => {
    writeFileSync(join(dir, "recording.json"), await awsFilterLogEvents());

    const run = await runCli(["from-logs", join(dir, "recording.json")]);

    expect(run.stderr).toBe("4 events (1 duplicate dropped)\n");
    expect(run.code).toBe(0);
    const time = (e: Record<string, unknown>) => Date.parse(String(e["time"]));
    expect(jsonLines(run.stdout)).toEqual(envelopes.toSorted((a, b) => time(a) - time(b)));
  });

  it("writes a stream replay reads", async () => {
    writeFileSync(join(dir, "recording.json"), await awsFilterLogEvents());
    const converted = await runCli(["from-logs", join(dir, "recording.json")]);
    writeFileSync(join(dir, "events.jsonl"), converted.stdout);

    const replayed = await runCli(["replay", join(dir, "events.jsonl"), "--json"]);

    expect(replayed.code).toBe(0);
    expect(jsonLines(replayed.stdout).at(-1)).toMatchObject({ type: "summary", events: 4, rejected: 0 });
  }, 120_000);

  it("names the line of a message that is not an EventBridge envelope, in one line", async () => {
    const file = join(dir, "bad.jsonl");
    writeFileSync(file, `${JSON.stringify(envelopes[0])}\n{"message": "START RequestId: 1"}\n`);

    const run = await runCli(["from-logs", file]);

    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/bad\.jsonl line 2: not an EventBridge envelope \(the message is not JSON\)$/),
    ]);
    expect(run.stdout).toBe("");
  });
});
