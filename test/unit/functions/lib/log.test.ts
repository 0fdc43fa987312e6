import { describe, expect, it } from "vitest";
import { withLambdaContext } from "../../../../functions/lib/log.ts";
import { MetricLog } from "../../../../functions/lib/metric-log.ts";

// The functions' log: one JSON object per line, in the shape CloudWatch Logs Insights queries
// read (level, message, timestamp, service, the Lambda context), written without a logging
// library on the cold-start path (docs/design/benchmarks.md "Cold start and bundle size").

function capture(env: NodeJS.ProcessEnv = {}) {
  const lines: { stream: "out" | "err"; entry: Record<string, unknown> }[] = [];
  // MetricLog: the JSON log with the metric counts (metric-log.ts); every line but a count is JsonLog's.
  const log = new MetricLog({
    serviceName: "ecs-guardrails",
    env,
    write: (stream, line) => {
      expect(line.endsWith("\n")).toBe(true);
      expect(line.slice(0, -1)).not.toContain("\n");
      lines.push({ stream, entry: JSON.parse(line) as Record<string, unknown> });
    },
    now: () => new Date("2026-12-06T10:00:00.000Z"),
  });
  return { log, lines };
}

const context = {
  functionName: "ecs-guardrails-ingest",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:111122223333:function:ecs-guardrails-ingest",
  memoryLimitInMB: "256",
  awsRequestId: "req-1",
};

describe("the functions' JSON log", () => {
  it("writes one line per entry: level, message, timestamp, service, then the entry's own keys", () => {
    const { log, lines } = capture();

    log.info("event processed", { kind: "task", decisions: [{ policy: "auto-rollback" }] });

    expect(lines).toEqual([
      {
        stream: "out",
        entry: {
          level: "INFO",
          message: "event processed",
          timestamp: "2026-12-06T10:00:00.000Z",
          service: "ecs-guardrails",
          kind: "task",
          decisions: [{ policy: "auto-rollback" }],
        },
      },
    ]);
  });

  it("takes the service name from POWERTOOLS_SERVICE_NAME when the deployment sets it", () => {
    const { log, lines } = capture({ POWERTOOLS_SERVICE_NAME: "guardrails-prod" });

    log.info("x");

    expect(lines[0]!.entry["service"]).toBe("guardrails-prod");
  });

  it("writes warnings and errors to stderr, the rest to stdout", () => {
    const { log, lines } = capture();

    log.info("a");
    log.warn("b");
    log.error("c");

    expect(lines.map((l) => [l.entry["level"], l.stream])).toEqual([
      ["INFO", "out"],
      ["WARN", "err"],
      ["ERROR", "err"],
    ]);
  });

  it("leaves out entries below the level Lambda's log settings ask for (AWS_LAMBDA_LOG_LEVEL before POWERTOOLS_LOG_LEVEL)", () => {
    const quiet = capture({ POWERTOOLS_LOG_LEVEL: "error" });
    quiet.log.info("dropped");
    quiet.log.warn("dropped");
    quiet.log.error("kept");
    expect(quiet.lines.map((l) => l.entry["message"])).toEqual(["kept"]);

    const lambda = capture({ AWS_LAMBDA_LOG_LEVEL: "WARN", POWERTOOLS_LOG_LEVEL: "ERROR" });
    lambda.log.info("dropped");
    lambda.log.warn("kept");
    expect(lambda.lines.map((l) => l.entry["message"])).toEqual(["kept"]);
  });

  it("writes an error's name, message, stack and cause, wherever it sits in the entry", () => {
    const { log, lines } = capture();
    const cause = new RangeError("throttled");
    const error = new Error("UpdateService failed", { cause });

    log.error("reconcile could not look at a service", { error, failures: [{ service: "web", error: cause }] });

    const entry = lines[0]!.entry as {
      error: Record<string, unknown>;
      failures: { error: Record<string, unknown> }[];
    };
    expect(entry.error).toMatchObject({ name: "Error", message: "UpdateService failed" });
    expect(entry.error["stack"]).toContain("UpdateService failed");
    expect(entry.error["cause"]).toMatchObject({ name: "RangeError", message: "throttled" });
    expect(entry.failures[0]!.error).toMatchObject({ name: "RangeError", message: "throttled" });
  });

  it("writes a value that refers to itself, and a bigint, instead of failing the invocation", () => {
    const { log, lines } = capture();
    const loop: Record<string, unknown> = { name: "loop" };
    loop["self"] = loop;

    const selfCaused = new Error("retry failed");
    selfCaused.cause = selfCaused;

    expect(() => log.info("odd values", { loop, big: 10n, selfCaused })).not.toThrow();
    expect(lines[0]!.entry).toMatchObject({
      loop: { name: "loop", self: "[Circular]" },
      big: "10",
      selfCaused: { message: "retry failed", cause: "[Circular]" },
    });
  });
});

describe("withLambdaContext", () => {
  it("adds the function's context to each line, cold_start true on the first invocation only", async () => {
    const { log, lines } = capture({ _X_AMZN_TRACE_ID: "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1" });
    const handler = withLambdaContext(log, async (event: { n: number }) => {
      log.info("handled", { n: event.n });
      return event.n * 2;
    });

    expect(await handler({ n: 1 }, context)).toBe(2);
    expect(await handler({ n: 2 }, { ...context, awsRequestId: "req-2" })).toBe(4);

    expect(lines.map((l) => l.entry)).toEqual([
      expect.objectContaining({
        message: "handled",
        n: 1,
        cold_start: true,
        function_name: "ecs-guardrails-ingest",
        function_arn: context.invokedFunctionArn,
        function_memory_size: 256,
        function_request_id: "req-1",
        xray_trace_id: "1-5759e988-bd862e3fe1be46a994272793",
      }),
      expect.objectContaining({ message: "handled", n: 2, cold_start: false, function_request_id: "req-2" }),
    ]);
  });

  it("never writes the event it was given", async () => {
    const { log, lines } = capture({ POWERTOOLS_LOGGER_LOG_EVENT: "true" });
    const handler = withLambdaContext(log, async () => log.info("answered"));

    await handler({ artifactCredentials: { secretAccessKey: "secret_key" } }, context);

    expect(JSON.stringify(lines)).not.toContain("secret_key");
  });

  it("passes a thrown error on unchanged, so Lambda retries the invocation", async () => {
    const { log } = capture();
    const failure = new Error("table missing");
    const handler = withLambdaContext(log, async () => {
      throw failure;
    });

    await expect(handler({}, context)).rejects.toBe(failure);
  });

  it("writes the invocation's context on no line after the invocation ends", async () => {
    const { log, lines } = capture();
    await withLambdaContext(log, async () => undefined)({}, context);

    log.info("between invocations");

    expect(lines[0]!.entry).not.toHaveProperty("function_request_id");
  });
});

describe("the functions' metric counts", () => {
  it("write one embedded-metric-format line: the count under the namespace, with the invoked function's name as its dimension", async () => {
    const { log, lines } = capture({ AWS_LAMBDA_FUNCTION_NAME: "from-the-environment" });
    const handler = withLambdaContext(log, async () => log.count("HookAnswersOnFault"));

    await handler({}, context);

    expect(lines).toEqual([
      {
        stream: "out",
        entry: {
          _aws: {
            Timestamp: Date.parse("2026-12-06T10:00:00.000Z"),
            CloudWatchMetrics: [
              {
                Namespace: "ecs-guardrails",
                Dimensions: [["FunctionName"]],
                Metrics: [{ Name: "HookAnswersOnFault", Unit: "Count" }],
              },
            ],
          },
          FunctionName: "ecs-guardrails-ingest",
          HookAnswersOnFault: 1,
        },
      },
    ]);
  });

  it("name the function from Lambda's environment outside an invocation", () => {
    const { log, lines } = capture({ AWS_LAMBDA_FUNCTION_NAME: "ecs-guardrails-pipeline" });

    log.count("PipelineJobsAnsweredAfterFault");

    expect(lines[0]?.entry["FunctionName"]).toBe("ecs-guardrails-pipeline");
  });
});
