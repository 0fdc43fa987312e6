import type { CommandName } from "./names.ts";

// The chat commands (docs/capabilities/chat-command.md), one definition each: the single source
// the buttons on notices, the deployed custom actions (template.ts), the limits check and the
// command function's validation (parse.ts) derive from. A command's payload is a JSON array,
// [name, ...its args]: the custom action's command text has 100 characters in all, and an
// array spends the fewest on its own punctuation.

/**
 * The notices a person decides on, as the notice's `chatOffer` context names them (the deciding
 * capability says which, registry.ts offerOf); `service`: any guardrails notice about a service.
 */
export const NOTICE_KINDS = [
  "observed-rollback",
  "paused-deployment",
  "capacity-fallback",
  "gate-blocked",
  "service",
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/**
 * What a command's payload carries after its name, each from the notice's additional context
 * (a button) or typed by the person (an alias, or a value the notice does not have: a reason).
 */
export type Arg = "ref" | "key" | "thread" | "reason";

export type CommandDefinition = {
  name: CommandName;
  /** `@Amazon Q run <alias> …`: 1–30 characters. */
  alias: string;
  /** The button's text (≤ 50 characters); undefined: an alias only. */
  button: string | undefined;
  args: readonly Arg[];
  /** The notices whose buttons run it. */
  kinds: readonly NoticeKind[];
  /** Changes something (a deployment, a service, a gate): opt-in per channel. */
  acting: boolean;
  /** What the person is told the command does (the status and the docs). */
  summary: string;
};

export const COMMANDS = [
  {
    name: "rollback-now",
    alias: "guardrails-rollback-now",
    button: "Roll back now",
    args: ["ref", "key", "thread"],
    kinds: ["observed-rollback"],
    acting: true,
    summary: "carries out the rollback the guardrails only observed (or were blocked from)",
  },
  {
    name: "continue",
    alias: "guardrails-continue",
    button: "Continue",
    args: ["ref", "key", "thread"],
    kinds: ["paused-deployment"],
    acting: true,
    summary: "answers a paused deployment CONTINUE",
  },
  {
    name: "rollback",
    alias: "guardrails-rollback",
    button: "Roll back",
    args: ["ref", "key", "thread"],
    kinds: ["paused-deployment"],
    acting: true,
    summary: "answers a paused deployment ROLLBACK",
  },
  {
    name: "return-to-spot",
    alias: "guardrails-return-to-spot",
    button: "Return to Spot now",
    args: ["ref", "key", "thread"],
    kinds: ["capacity-fallback"],
    acting: true,
    summary: "puts the service back on its Spot strategy now, without the cool-down",
  },
  {
    name: "stay-on-demand",
    alias: "guardrails-stay-on-demand",
    button: "Stay on on-demand for 24 h",
    args: ["ref", "key", "thread"],
    kinds: ["capacity-fallback"],
    acting: true,
    summary: "keeps the service on on-demand for 24 hours: no automatic return before then",
  },
  {
    name: "let-through",
    alias: "guardrails-let-through",
    button: "Let this execution through",
    args: ["ref", "key", "thread", "reason"],
    kinds: ["gate-blocked"],
    acting: true,
    summary: "lets the blocked pipeline execution through the gate, with a reason that is recorded",
  },
  {
    name: "snooze",
    alias: "guardrails-snooze",
    button: "Snooze this service's guardrails for 1 h",
    args: ["ref", "key", "thread"],
    kinds: ["service"],
    acting: false,
    summary: "the service's guardrails take no automatic action for an hour",
  },
  {
    name: "resume",
    alias: "guardrails-resume",
    button: "Resume",
    args: ["ref", "key", "thread"],
    kinds: ["service"],
    acting: false,
    summary: "ends a snooze: the service's guardrails act again",
  },
  {
    name: "status",
    alias: "guardrails-status",
    button: undefined,
    args: ["ref"],
    kinds: [],
    acting: false,
    summary: "answers with the service's current state",
  },
] as const satisfies readonly CommandDefinition[];

export { COMMAND_NAMES, type CommandName, DEFAULT_COMMANDS } from "./names.ts";

export const commandNamed = (name: string): (typeof COMMANDS)[number] | undefined =>
  COMMANDS.find((c) => c.name === name);

/** How long a snooze lasts. */
export const SNOOZE_MS = 60 * 60_000;
