// The chat commands' names, apart from their catalog (catalog.ts): the configuration's schema
// needs only these, and every function's bundle carries the schema, while only the command
// function carries the catalog. The catalog's unit test checks the two agree.

export const COMMAND_NAMES = [
  "rollback-now",
  "continue",
  "rollback",
  "return-to-spot",
  "stay-on-demand",
  "let-through",
  "snooze",
  "resume",
  "status",
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** What a channel may run unless the configuration says otherwise: nothing that acts. */
export const DEFAULT_COMMANDS: readonly CommandName[] = ["snooze", "resume", "status"];
