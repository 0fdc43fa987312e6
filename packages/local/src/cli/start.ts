import { parseArgs } from "node:util";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import type { ConfigInput } from "@ecs-guardrails/core/config/schema";
import { chatLines, clockLabel, decisionLines, eventLine } from "../runtime/describe-result.ts";
import { DEMO_DURATION_MS, demoOverride, setUpDemo } from "../runtime/demo.ts";
import { LOCAL_TABLE, startStack, type LocalStack } from "../runtime/stack.ts";
import { optionalConfig } from "./config-file.ts";
import { progress, type Out } from "./output.ts";
import { DATA_DIR, DEAD_LETTER_FILE, removeRuntimeNote, writeRuntimeNote } from "./runtime-file.ts";

/** `npm start`: DynamoDB Local, the local endpoints, the functions, the demo, then serve. */
export async function startCommand(argv: string[], out: Out, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { demo: { type: "boolean", default: true }, "no-demo": { type: "boolean" }, fresh: { type: "boolean" }, port: { type: "string" }, config: { type: "string" } },
  });
  // `npm start --no-demo` reaches us as npm's own config (npm_config_demo), not as an argument.
  const demo = !values["no-demo"] && values.demo !== false && env["npm_config_demo"] !== "false" && env["npm_config_demo"] !== "";
  const fresh = Boolean(values.fresh) || env["npm_config_fresh"] === "true";
  const input = optionalConfig(values.config) as ConfigInput;
  const config = parseConfig({ ...input, overrides: [...(input.overrides ?? []), ...(demo ? [demoOverride] : [])] });
  const startedAt = Date.now();
  const chat: string[] = [];
  let stack: LocalStack | undefined;
  // Ctrl-C is handled from the first moment, so that stopping during start-up or the demo
  // also shuts DynamoDB Local down (it runs in its own process group and would outlive us).
  const interrupt = onInterrupt();
  out.line(`Starting DynamoDB Local (data in ${DATA_DIR}${fresh ? ", wiped" : ""}) and the local AWS endpoints…`);
  stack = await startStack({
    config,
    dataDir: DATA_DIR,
    fresh,
    ...(values.port ? { port: Number(values.port) } : {}),
    simulatorEmits: true,
    deadLetterFile: DEAD_LETTER_FILE,
    // Chat messages are published while an event is processed; print them after its lines.
    onResult: (r) => {
      const lines = [eventLine(r), ...decisionLines(r), ...chat.splice(0)].filter((l): l is string => Boolean(l));
      for (const l of lines) out.line(`[${clockLabel(startedAt, stack!.clock.now())}] ${l}`);
    },
    onNotification: (m) => void chat.push(...chatLines(m)),
    onReconcile: (r) => {
      const lines = [...r.results.filter((d) => !d.duplicate).map((d) => `${d.ref.cluster}/${d.ref.service}  ▶ ${d.decision.policy} ${d.record.verdict.toUpperCase()}: ${d.decision.title} — ${d.decision.reason}`), ...chat.splice(0)];
      for (const l of lines) out.line(`[${clockLabel(startedAt, stack!.clock.now())}] (reconcile) ${l}`);
    },
    scheduleReconcile: true,
  });
  writeRuntimeNote({ pid: process.pid, dynamoEndpoint: stack.dynamo.endpoint, endpoint: stack.endpoints.url, table: LOCAL_TABLE });
  try {
    if (demo && !interrupt.requested()) await runDemo(stack, out, interrupt.requested);
    const timer = interrupt.requested() ? undefined : serve(stack, out);
    await interrupt.promise;
    out.line("\nStopping…");
    clearInterval(timer);
  } finally {
    await stack.stop();
    removeRuntimeNote();
  }
  return 0;
}

function onInterrupt() {
  let requested = false;
  const promise = new Promise<void>((resolve) => {
    const handler = () => {
      requested = true;
      resolve();
    };
    process.once("SIGINT", handler);
    process.once("SIGTERM", handler);
  });
  return { promise, requested: () => requested };
}

class DemoInterrupted extends Error {}

async function runDemo(stack: LocalStack, out: Out, interrupted: () => boolean): Promise<void> {
  out.line("Demo (simulated time): demo/api gets a healthy revision; demo/web one that crashes 20 s after start; demo/worker one that runs out of memory 2.5 min after start, after ECS called the deployment complete.");
  setUpDemo(stack);
  const bar = progress("demo (simulated minutes)", DEMO_DURATION_MS / 60_000);
  const start = stack.clock.now();
  try {
    await stack.advance(DEMO_DURATION_MS, 1000, (now) => {
      if (interrupted()) throw new DemoInterrupted();
      bar.tick(Math.floor((now - start) / 60_000));
    });
  } catch (error) {
    if (!(error instanceof DemoInterrupted)) throw error;
    out.line("\nDemo interrupted.");
    return;
  } finally {
    bar.done();
  }
  out.line(`Demo done: ${stack.deadLetters.entries.length} dead letters.`);
}

/**
 * After the demo, simulated time follows the wall clock and intake events are processed as
 * they come. The timer keeps the process alive until Ctrl-C clears it.
 */
function serve(stack: LocalStack, out: Out): NodeJS.Timeout {
  let busy = Promise.resolve();
  const timer = setInterval(() => {
    busy = busy.then(() => stack.advance(1000)).catch((error) => out.error(`local runtime: ${(error as Error).message}`));
  }, 1000);
  out.line(`
Serving (Ctrl-C to stop):
  AWS endpoints (ECS, EventBridge PutEvents, SNS, CodePipeline)  ${stack.endpoints.url}
  DynamoDB Local                                                 ${stack.dynamo.endpoint}   table ${LOCAL_TABLE}
Send events:    aws events put-events --endpoint-url ${stack.endpoints.url} --entries file://entries.json
See a history:  npx guardrails history --cluster demo --service web`);
  return timer;
}
