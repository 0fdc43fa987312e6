import type { SectionDefinition } from "../../engine/policy.ts";
import type { ChatSettings } from "./settings.ts";
import { snoozeHolds } from "./snooze.ts";

// The registry entry: chat commands own the configuration's `chat` section (the allow-list per
// channel) and hold a snoozed service's automatic actions (a role the engine's guards ask for).
// The command function (functions/handlers/chat-command.ts) imports run.ts directly.

export const chatCommandDefinition = {
  id: "chat-command",
  holdsActions: snoozeHolds,
} as const satisfies SectionDefinition<ChatSettings>;
