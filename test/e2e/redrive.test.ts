import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stops, taskStateChange } from "../../packages/sim/src/events/builders.ts";
import { BIN, jsonLines, runCli, startProcess } from "../support/cli.ts";

// `guardrails redrive` against the running local stack (`guardrails start`): a poisoned event
// lands in its dead-letter queue; the dry run lists it with its reason and changes nothing; the
// redrive hands it back to its function, which processes it, and the queue is empty after.

let server: ReturnType<typeof startProcess>;
let env: Record<string, string>;
let note: { endpoint: string; deadLetterQueueUrl: string };
const local = { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };

// A task event the ingest function failed on (its table throttled through all three attempts), as
// Lambda's on-failure destination records it.
const stopped = taskStateChange({
  cluster: "shop",
  service: "cart",
  taskId: "5eed1e55aa",
  deploymentId: "ecs-svc/42",
  taskDefinition: "cart:3",
  version: 4,
  lastStatus: "STOPPED",
  time: new Date().toISOString(),
  stop: stops.outOfMemory(),
});
const record = (functionArn: string) => ({
  version: "1.0",
  timestamp: new Date().toISOString(),
  requestContext: {
    requestId: "r-1",
    functionArn: `${functionArn}:$LATEST`,
    condition: "RetriesExhausted",
    approximateInvokeCount: 3,
  },
  requestPayload: stopped,
  responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
  responsePayload: {
    errorType: "ProvisionedThroughputExceededException",
    errorMessage: "Rate of requests exceeds the allowed throughput.",
    trace: [],
  },
});

beforeAll(async () => {
  const home = mkdtempSync(join(tmpdir(), "guardrails-redrive-"));
  env = { GUARDRAILS_HOME: home };
  server = startProcess(process.execPath, [BIN, "start", "--no-demo"], /Serving \(Ctrl-C to stop\)/, {
    env,
    timeoutMs: 60_000,
  });
  await server.started;
  note = JSON.parse(readFileSync(join(home, "runtime.json"), "utf8"));
  const sqs = new SQSClient({ ...local, endpoint: note.endpoint });
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: note.deadLetterQueueUrl,
      MessageBody: JSON.stringify(record("arn:aws:lambda:us-east-1:111122223333:function:ingest")),
    }),
  );
  sqs.destroy();
  // And one the runtime dead-letters itself: a deployment event that names no service, which no retry mends.
  const bus = new EventBridgeClient({ ...local, endpoint: note.endpoint });
  await bus.send(
    new PutEventsCommand({
      Entries: [
        {
          Source: "aws.ecs",
          DetailType: "ECS Deployment State Change",
          Detail: JSON.stringify({
            eventType: "INFO",
            eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
            deploymentId: "ecs-svc/1",
            updatedAt: new Date().toISOString(),
          }),
        },
      ],
    }),
  );
  bus.destroy();
  await waitFor(() => /dead letter: ingest gave up/.test(server.output()));
}, 90_000);

afterAll(async () => {
  server?.interrupt();
  await server?.exited;
}, 30_000);

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 80 && !check(); i += 1) await new Promise((r) => setTimeout(r, 250));
  expect(check()).toBe(true);
}

describe("guardrails redrive, on the local stack", () => {
  it("--dry-run lists every dead letter, what it was and why it failed, and leaves the queue as it was", async () => {
    const run = await runCli(["redrive", "--dry-run"], { env: { ...env, COLUMNS: "160" } });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`2 dead letters in ${note.deadLetterQueueUrl}:`);
    // One row each: the function, its attempts, what the event was and why it failed (cut to the terminal's width).
    expect(run.stdout).toMatch(
      /ingest\s+3\s+ECS Task State Change for shop\/cart at \S+\s+ProvisionedThroughputExceededException: Rate of .*\s+listed\n/,
    );
    expect(run.stdout).toMatch(
      /ingest\s+1\s+ECS Deployment State Change at \S+\s+InvalidEventError: invalid event: .*\s+listed\n/,
    );
    expect(run.stdout).toContain("Dry run: nothing changed.");
    for (const line of run.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(160);

    // Released, not hidden for the visibility timeout: a second look sees both at once.
    const again = jsonLines((await runCli(["redrive", "--dry-run", "--json"], { env })).stdout);
    expect(
      again.map((l) => [l["detailType"], l["errorType"], l["attempts"], l["condition"], l["action"]]).sort(),
    ).toEqual([
      ["ECS Deployment State Change", "InvalidEventError", 1, "retries exhausted", "listed"],
      ["ECS Task State Change", "ProvisionedThroughputExceededException", 3, "retries exhausted", "listed"],
    ]);
    // The whole reason is in the JSON: the table only cuts it to fit.
    expect(again.find((l) => l["service"] === "shop/cart")).toMatchObject({
      errorMessage: "Rate of requests exceeds the allowed throughput.",
      functionArn: "arn:aws:lambda:us-east-1:111122223333:function:ingest:$LATEST",
    });
  }, 60_000);

  it("hands each back to its function: the good one is processed, the bad one fails again and is dead-lettered anew", async () => {
    const before = server.output().length;

    const run = await runCli(["redrive"], { env });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("2 handed back to their functions");
    await waitFor(() => /shop\/cart {2}task 5eed1e55 stopped: out-of-memory/.test(server.output().slice(before)));
    await waitFor(() =>
      /dead letter: ingest gave up on aws\.ecs ECS Deployment State Change/.test(server.output().slice(before)),
    );
    const left = jsonLines((await runCli(["redrive", "--dry-run", "--json"], { env })).stdout);
    expect(left.map((l) => l["detailType"])).toEqual(["ECS Deployment State Change"]);
  }, 60_000);

  it("says in one line where to find a queue when no local stack runs and no --queue-url is given", async () => {
    const run = await runCli(["redrive", "--dry-run"], {
      env: { GUARDRAILS_HOME: mkdtempSync(join(tmpdir(), "none-")) },
    });

    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      "guardrails redrive: no local dead-letter queue: run `npm start` first, or pass --queue-url URL (the stack output deadLetterQueueUrl)",
    ]);
  });
});
