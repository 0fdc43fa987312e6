import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it, inject } from "vitest";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { startStack, type LocalStack } from "../../../packages/cli/src/runtime/stack.ts";
import { deployedEnvironment, setEnvironment } from "../../support/deployed-env.ts";
import { loadFixture } from "../../support/fixtures.ts";
import { jobEvent } from "../../support/pipeline.ts";

// The deployed handler (its JSON log + the real adapters, here pointed at the local
// endpoints), with event logging switched on in the environment: the job event's live artifact
// credentials appear in no line it writes, whatever it is given.

let stack: LocalStack;
let restoreEnvironment: (() => void) | undefined;
const lines: string[] = [];
const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

const SECRETS = [
  "AKIAIOSFODNN7EXAMPLE",
  "6CGtmAa3lzWtV7a",
  "IQoJb3JpZ2luX2VjEA",
  "secret_key",
  "session_token",
  "access_key_ID",
];

beforeAll(async () => {
  process.env["POWERTOOLS_LOGGER_LOG_EVENT"] = "true";
  stack = await startStack({
    config: parseConfig({}),
    start: Date.parse("2026-11-20T10:00:00Z"),
    simulatorEmits: true,
    sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName: `logs-${randomUUID().slice(0, 8)}` },
  });
  stack.sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  stack.sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 2 });
  restoreEnvironment = setEnvironment(deployedEnvironment(stack));
}, 60_000);

afterAll(async () => {
  delete process.env["POWERTOOLS_LOGGER_LOG_EVENT"];
  restoreEnvironment?.();
  await stack?.stop();
});

it("never writes the artifact credentials to the logs", async () => {
  const { handler } = await import("../../../functions/pipeline.ts");
  const context = {
    functionName: "pipeline",
    functionVersion: "1",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:111122223333:function:pipeline",
    memoryLimitInMB: "256",
    awsRequestId: "req-1",
    logGroupName: "g",
    logStreamName: "s",
    getRemainingTimeInMillis: () => 30_000,
    callbackWaitsForEmptyEventLoop: true,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  const events = [
    jobEvent("c0d76431-b0e7-4000-97e3-e8ee786eb6f6", { mode: "gate", cluster: "prod", service: "web" }),
    jobEvent("c0d76431-b0e7-4000-97e3-e8ee786eb6f7", { mode: "verify", cluster: "prod", service: "web" }),
    jobEvent("c0d76431-b0e7-4000-97e3-e8ee786eb6f8", "not json"),
    loadFixture("codepipeline-job-lambda-invoke"),
    { "CodePipeline.job": { data: loadFixture("codepipeline-job-lambda-invoke")["CodePipeline.job"].data } },
  ];
  process.stdout.write = ((chunk: string | Uint8Array) => (
    lines.push(String(chunk)), true
  )) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (
    lines.push(String(chunk)), true
  )) as typeof process.stderr.write;
  try {
    for (const event of events) await handler(event, context as never).catch(() => undefined);
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }

  expect(lines.join("")).toMatch(/pipeline job answered/);
  for (const secret of SECRETS) expect(lines.filter((l) => l.includes(secret))).toEqual([]);
  expect(stack.endpoints.jobResults.map((r) => r.jobId)).toEqual(
    expect.arrayContaining(["c0d76431-b0e7-4000-97e3-e8ee786eb6f6", "c0d76431-b0e7-4000-97e3-e8ee786eb6f8"]),
  );
});

it("counts one PipelineJobsAnsweredAfterFault metric for a gate answered unchecked, and none for one that checked or a duplicate", async () => {
  const { makePipelineHandler } = await import("../../../functions/handlers/pipeline.ts");
  const { pipelineDeps } = await import("../../../functions/lib/pipeline-deps.ts");
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const counted: string[] = [];
  const count = (metric: string) => void counted.push(metric);
  const broken = pipelineDeps(
    process.env,
    { ecs: { describeService: () => Promise.reject(new Error("ECS throttled")) } },
    undefined,
    silent,
  );
  const healthy = pipelineDeps(process.env, {}, undefined, silent);
  const gate = (id: string) => jobEvent(id, { mode: "gate", cluster: "prod", service: "web" });

  await makePipelineHandler(healthy, count)(gate("c0d76431-b0e7-4000-97e3-e8ee786eb701"));
  expect(counted).toEqual([]);
  const faulty = gate("c0d76431-b0e7-4000-97e3-e8ee786eb702");
  const result = await makePipelineHandler(broken, count)(faulty);
  expect(result.answer).toMatchObject({ outcome: "success", summary: expect.stringContaining("gate unchecked") });
  expect(counted).toEqual(["PipelineJobsAnsweredAfterFault"]);
  // The same job delivered again is a duplicate: the fault was counted once, with its answer.
  await makePipelineHandler(broken, count)(faulty);
  expect(counted).toEqual(["PipelineJobsAnsweredAfterFault"]);
});
