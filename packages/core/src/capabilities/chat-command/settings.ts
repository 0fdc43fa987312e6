import * as z from "../../zod.ts";
import { COMMAND_NAMES, DEFAULT_COMMANDS, type CommandName } from "./names.ts";

// The configuration's `chat` section (docs/capabilities/chat-command.md): the command function's
// name (the custom actions' command text names it) and, per chat channel, the commands it may
// run. A channel not listed, or listed without `commands`, may run status, snooze and resume
// only: a command that changes a deployment, a service or a gate is opt-in, per channel.

/**
 * A channel's name is part of its Lambda alias and of every command text, which Amazon Q caps
 * at 100 characters: with the function's name (≤ 15), the longest command text fits (limits.ts).
 */
export const CHANNEL_NAME = /^[a-z0-9][a-z0-9-]{0,7}$/;

const channel = z.strictObject({
  commands: z._default(z.array(z.enum(COMMAND_NAMES)), [...DEFAULT_COMMANDS]),
});

export const chatSettingsSchema = z._default(
  z.strictObject({
    /** The command function's name, as the command texts name it (short: they have 100 characters). */
    functionName: z._default(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,15}$/)), "guardrails-chat"),
    /** Per channel (its name: 1–8 lowercase letters, digits, dashes), the commands it may run. */
    channels: z._default(z.record(z.string().check(z.regex(CHANNEL_NAME)), channel), {}),
  }),
  { functionName: "guardrails-chat", channels: {} },
);

export type ChatSettings = z.infer<typeof chatSettingsSchema>;

/** The commands a channel may run. */
export function allowedCommands(settings: ChatSettings, channelName: string): readonly CommandName[] {
  return settings.channels[channelName]?.commands ?? DEFAULT_COMMANDS;
}
