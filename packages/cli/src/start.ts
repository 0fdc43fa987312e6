import { parseConfig } from "@ecs-guardrails/core/config/load";
import type { ConfigInput } from "@ecs-guardrails/core/config/schema";
import {
  chatLines,
  clockLabel,
  deadLetterLine,
  decisionLines,
  eventLine,
  inStory,
  jobResultInStory,
  jobResultLine,
  outsidePublishLines,
} from "./runtime/describe-result.ts";
import { DEMO_DURATION_MS, demoOverrides } from "./runtime/demo.ts";
import { runDemo } from "./runtime/demo-run.ts";
import { PIPELINE_DEMO_MS } from "./runtime/pipeline-demo.ts";
import { LOCAL_TABLE, startStack, type LocalStack } from "./runtime/stack.ts";
import type { CommandRun } from "./command.ts";
import { configSource, optionalConfig } from "./config-file.ts";
import type { Out } from "./output.ts";
import { DATA_DIR, DEAD_LETTER_FILE, removeRuntimeNote, writeRuntimeNote } from "./runtime-file.ts";
import { loadScenario } from "./scenario-file.ts";
import { port } from "./values.ts";
import { accountLabel, demoMembers } from "./runtime/demo-accounts.ts";
import { startStackConsole, type ConsoleServer } from "./stack-console.ts";
import { assertDataFolderFree } from "@ecs-guardrails/sim/dynamodb/data-lock";

type StartFlags = {
  demo: boolean;
  verbose?: boolean;
  fresh?: boolean;
  port?: number;
  dynamodbPort?: number;
  config?: string;
  scenario?: string;
  uiPort?: number;
  accounts?: number;
};

/** Runs `guardrails start`: commands/start.ts declares it, and imports this module when it runs. */
export const run: CommandRun = (_args, options, { out, env }) => start(options as StartFlags, out, env);

async function start(flags: StartFlags, out: Out, env: NodeJS.ProcessEnv): Promise<number> {
  // `npm start --no-demo` (without `--`) reaches us as npm's own config (npm_config_demo).
  const demo = flags.demo && env["npm_config_demo"] !== "false" && env["npm_config_demo"] !== "";
  const fresh = flags.fresh === true || env["npm_config_fresh"] === "true";
  const input = optionalConfig(flags.config) as ConfigInput;
  // The demo runs in the minutes before now (its ECS and CodePipeline parts), so that serving afterwards continues in
  // wall-clock time and nothing it records is stamped in the future.
  const startedAt = Date.now() - (demo ? DEMO_DURATION_MS + PIPELINE_DEMO_MS : 0);
  const config = parseConfig(
    {
      ...input,
      overrides: [...(input.overrides ?? []), ...(demo ? demoOverrides(startedAt) : [])],
    },
    configSource(flags.config),
  );
  const scenario = flags.scenario ? loadScenario(flags.scenario) : undefined;
  const chat: string[] = [];
  let stack: LocalStack | undefined;
  const stamp = (line: string) => out.line(`[${clockLabel(startedAt, stack?.clock.now() ?? startedAt)}] ${line}`);
  // While the demo runs it tells a story (describe-result.ts inStory): decisions, notices and
  // stages; --verbose prints every line, as serving does.
  let quiet = false;
  // Ctrl-C is handled from the first moment, so that stopping during start-up or the demo
  // also shuts DynamoDB Local down (it runs in its own process group and would outlive us).
  const interrupt = onInterrupt();
  // Before anything is printed or started: a second start on the same data is one line.
  assertDataFolderFree(DATA_DIR);
  out.line(`Starting DynamoDB Local (data in ${DATA_DIR}${fresh ? ", wiped" : ""}) and the local AWS endpoints…`);
  stack = await startStack({
    config,
    dataDir: DATA_DIR,
    fresh,
    start: startedAt,
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...(flags.dynamodbPort !== undefined ? { dynamoPort: flags.dynamodbPort } : {}),
    simulatorEmits: true,
    members: demoMembers(flags.accounts ?? 1).map((m) => m.account),
    deadLetterFile: DEAD_LETTER_FILE,
    // The guardrails' chat messages are published while an event is processed: print them
    // after its lines. Anyone else's arrive on their own and are printed as they come.
    onResult: (r) =>
      [quiet && !inStory(r) ? undefined : eventLine(r), ...decisionLines(r), ...chat.splice(0)]
        .filter((l): l is string => Boolean(l))
        .forEach(stamp),
    onNotification: (m, origin) =>
      origin === "guardrails"
        ? void chat.push(...chatLines(m).slice(0, quiet ? 1 : undefined))
        : outsidePublishLines(m).forEach(stamp),
    onDeadLetter: (letter) => stamp(deadLetterLine(letter, DEAD_LETTER_FILE)),
    onJobResult: (result) => (quiet && !jobResultInStory(result) ? undefined : stamp(jobResultLine(result))),
    onReconcile: (r) => {
      const lines = [
        ...r.results
          .filter((d) => !d.duplicate)
          .map(
            (d) =>
              `${accountLabel(d.ref)}${d.ref.cluster}/${d.ref.service}  ▶ ${d.decision.policy} ${d.record.verdict.toUpperCase()}: ${d.decision.title} — ${d.decision.reason}`,
          ),
        ...chat.splice(0),
      ];
      lines.forEach((l) => stamp(`(reconcile) ${l}`));
    },
    scheduleReconcile: true,
  });
  writeRuntimeNote({
    pid: process.pid,
    dynamoEndpoint: stack.dynamo.endpoint,
    endpoint: stack.endpoints.url,
    table: LOCAL_TABLE,
    deadLetterQueueUrl: stack.deadLetterQueueUrl,
    ...(stack.members.size > 0
      ? {
          members: [...stack.members.keys()],
          memberRoleName: config.organization?.memberRoleName ?? "ecs-guardrails-member",
        }
      : {}),
  });
  let ui: ConsoleServer | undefined;
  try {
    // `npm start --ui-port 8080` (without `--`) reaches us as npm's own config, as --no-demo does.
    ui = await startStackConsole(
      stack,
      config,
      flags.uiPort ?? (env["npm_config_ui_port"] ? port(env["npm_config_ui_port"]) : undefined),
      out,
    );
    out.line(`Console (read-only): ${ui.url}`);
    if (scenario) out.line(scenario.apply(stack.sim, stack.usage));
    if (demo && !interrupt.requested()) {
      quiet = flags.verbose !== true;
      await runDemo(stack, out, stamp, {
        verbose: !quiet,
        interrupted: interrupt.requested,
        accounts: flags.accounts ?? 1,
      });
      quiet = false;
    }
    const timer = interrupt.requested() ? undefined : serve(stack, out, ui.url);
    await interrupt.promise;
    out.line("\nStopping…");
    clearInterval(timer);
  } finally {
    await ui?.close();
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

/**
 * After the demo, simulated time follows the wall clock (it catches up first) and intake
 * events are processed as they come. The timer keeps the process alive until Ctrl-C clears it.
 */
function serve(stack: LocalStack, out: Out, consoleUrl: string): NodeJS.Timeout {
  let busy = Promise.resolve();
  const tick = () => {
    busy = busy
      .then(() => stack.advance(Math.max(0, Date.now() - stack.clock.now())))
      .catch((error) => out.error(`local runtime: ${(error as Error).message}`));
  };
  tick();
  const timer = setInterval(tick, 1000);
  const url = stack.endpoints.url;
  out.line(`
Serving (Ctrl-C to stop):
  Console (read-only)                                            ${consoleUrl}
  AWS endpoints (ECS, EventBridge PutEvents, SNS, CodePipeline)  ${url}   (and Application Auto Scaling)
  DynamoDB Local                                                 ${stack.dynamo.endpoint}   table ${LOCAL_TABLE}
With the AWS CLI (any credentials, region us-east-1):
  aws events put-events --endpoint-url ${url} --entries file://entries.json
  aws ecs create-cluster --endpoint-url ${url} --cluster-name shop
  aws ecs register-task-definition --endpoint-url ${url} --family cart --cpu 256 --memory 512 --container-definitions name=app,image=nginx
  aws ecs create-service --endpoint-url ${url} --cluster shop --service-name cart --task-definition cart --desired-count 2
See a history:  npx guardrails history --cluster demo --service web`);
  return timer;
}
