import { randomUUID } from "node:crypto";
import { COMMAND_NAMES } from "@ecs-guardrails/core/capabilities/chat-command/names";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { LOCAL_REGION } from "@ecs-guardrails/sim/dynamodb/embedded";
import { type CommandRun, UsageError } from "./command.ts";
import { optionalConfig } from "./config-file.ts";
import type { Out } from "./output.ts";
import { chatCommandHandler, functionSetup } from "./runtime/functions.ts";
import { readRuntimeNote } from "./runtime-file.ts";

type ActFlags = {
  cluster?: string;
  service?: string;
  key?: string;
  thread?: string;
  reason?: string;
  channel: string;
  config?: string;
};

/** Runs `guardrails act`: commands/act.ts declares it, and imports this module when it runs. */
export const run: CommandRun = (args, options, { out }) => runAct(String(args[0]), options as ActFlags, out);

async function runAct(command: string, flags: ActFlags, out: Out): Promise<number> {
  if (!(COMMAND_NAMES as readonly string[]).includes(command))
    throw new UsageError(`unknown chat command "${command}": one of ${COMMAND_NAMES.join(", ")}`);
  const running = readRuntimeNote();
  if (!running) throw new GuardrailsError("act runs against the local backend: start it first (`npm start`)");
  const config = parseConfig(optionalConfig(flags.config), flags.config ?? "configuration");
  const setup = functionSetup({
    dynamoEndpoint: running.dynamoEndpoint,
    awsEndpoint: running.endpoint,
    config,
    tableName: running.table,
  });
  const handle = chatCommandHandler(setup);
  const payload = [
    command,
    `${flags.cluster}/${flags.service}`,
    flags.key ?? "",
    flags.thread ?? "",
    flags.reason ?? "",
  ];
  const reply = await handle(payload.slice(0, 1 + argsOf(command)), {
    // As Amazon Q invokes it: through the channel's alias.
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:111122223333:function:${config.chat.functionName}:${flags.channel}`,
    awsRequestId: randomUUID(),
  });
  out.line(`${reply.ok ? "done" : "not done"}: ${reply.text}`);
  return reply.ok ? 0 : 1;
}

/** How many values the command takes after its name (the catalog's args, in order: ref, key, thread, reason). */
const argsOf = (command: string) => (({ status: 1, "let-through": 4 }) as Record<string, number>)[command] ?? 3;
