import { randomUUID } from "node:crypto";
import { COMMAND_NAMES } from "@ecs-guardrails/core/capabilities/chat-command/names";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { LOCAL_REGION } from "@ecs-guardrails/sim/dynamodb/embedded";
import { defineCommand, UsageError } from "./command.ts";
import { optionalConfig } from "./config-file.ts";
import type { Out } from "./output.ts";
import { chatCommandHandler, functionSetup } from "./runtime/functions.ts";
import { readRuntimeNote } from "./runtime-file.ts";
import { nonEmpty } from "./values.ts";

type ActFlags = {
  cluster?: string;
  service?: string;
  key?: string;
  thread?: string;
  reason?: string;
  channel: string;
  config?: string;
};

/** `guardrails act`: a chat command, run through the same command function as a button, against `npm start`. */
export const actCommand = defineCommand({
  name: "act",
  summary: "run a chat command, as a notice's button does, against the running local backend",
  description: [
    "Runs the chat command function (docs/capabilities/chat-command.md) as Amazon Q Developer would invoke it",
    "through the channel's alias: the same validation, allow-list, staleness rules, guards and claim, and the",
    "reply published to the notice's thread. --key and --thread are the notice's chatKey and chatThread, as the",
    "console shows them beside each notice. Works on the running `npm start`.",
  ].join(" "),
  arguments: [{ name: "command", description: `one of ${COMMAND_NAMES.join(", ")}`, required: true }],
  options: [
    { flags: "--cluster <name>", description: "the service's cluster", parse: nonEmpty, required: true },
    { flags: "--service <name>", description: "the service", parse: nonEmpty, required: true },
    { flags: "--key <key>", description: "the notice's decision key (chatKey)", parse: nonEmpty },
    { flags: "--thread <id>", description: "the notice's thread (chatThread)", parse: nonEmpty },
    { flags: "--reason <text>", description: "why (let-through records it)", parse: nonEmpty },
    { flags: "--channel <name>", description: "the chat channel to act as (its allow-list applies)", default: "local" },
    {
      flags: "--config <file>",
      description: "guardrails configuration (default: guardrails.config.json when present)",
    },
  ],
  examples: [
    "guardrails act status --cluster prod --service web",
    "guardrails act rollback-now --cluster prod --service web --key auto-rollback#rollback#ecs-svc/2 --channel ops",
  ],
  run: (args, options, { out }) => runAct(String(args[0]), options as ActFlags, out),
});

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
