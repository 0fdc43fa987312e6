import { COMMAND_NAMES } from "@ecs-guardrails/core/capabilities/chat-command/names";
import { defineCommand, runFrom } from "../command.ts";
import { nonEmpty } from "../values.ts";

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
  run: runFrom(() => import("../act-command.ts")),
});
