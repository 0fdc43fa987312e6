import type { ServiceRef } from "../../events/model.ts";
import { type Arg, COMMAND_NAMES, type CommandName, commandNamed } from "./catalog.ts";

// A chat command's payload, validated (pure): a JSON array [name, ...args] as the custom
// action's command text builds it (catalog.ts). A button only carries what its notice
// carried; a variable the notice did not have arrives as its own "$name" text, unsubstituted.
// Every mistake is one line saying what is wrong.

export type ParsedCommand = {
  name: CommandName;
  ref: ServiceRef;
  /** The key of the decision the button was on; undefined from an alias that names none. */
  key: string | undefined;
  thread: string | undefined;
  reason: string | undefined;
};

const MAX = { key: 512, thread: 256, reason: 500 } as const;

export function parseCommand(payload: unknown): ParsedCommand | { error: string } {
  const parts = typeof payload === "string" ? tryJson(payload) : payload;
  if (!Array.isArray(parts) || parts.length === 0 || !parts.every((p) => typeof p === "string"))
    return { error: 'the command is not a list of texts: expected ["<command>", "<cluster>/<service>", …]' };
  const [name, ...rest] = parts as string[];
  const command = commandNamed(name!);
  if (!command) return { error: `unknown command "${clip(name!)}": one of ${COMMAND_NAMES.join(", ")}` };
  if (rest.length > command.args.length)
    return {
      error: `${command.name} takes ${command.args.length} value(s) (${command.args.join(", ")}), got ${rest.length}`,
    };
  const args: readonly Arg[] = command.args;
  const value = (arg: Arg): string | undefined => {
    const v = args.includes(arg) ? rest[args.indexOf(arg)]?.trim() : undefined;
    return v && !/^\$[A-Za-z0-9_-]+$/.test(v) ? v : undefined;
  };
  const ref = refOf(value("ref"));
  if (!ref) return { error: `${command.name} needs the service as <cluster>/<service>` };
  const key = value("key");
  if (command.acting && !key)
    return { error: `${command.name} needs the key of the notice it answers (use its button)` };
  const reason = value("reason");
  if (args.includes("reason") && !reason)
    return { error: `${command.name} needs a reason: it is recorded with the decision` };
  for (const [arg, v] of [
    ["key", key],
    ["thread", value("thread")],
    ["reason", reason],
  ] as const)
    if (v && v.length > MAX[arg]) return { error: `the ${arg} is longer than ${MAX[arg]} characters` };
  return { name: command.name, ref, key, thread: value("thread"), reason };
}

/** "cluster/service", or a member's "account/region/cluster/service" (its notices' buttons carry that). */
function refOf(text: string | undefined): ServiceRef | undefined {
  const m = text?.match(/^(?:(\d{12})\/([a-z]{2}(?:-[a-z]+)+-\d+)\/)?([A-Za-z0-9_-]{1,255})\/([A-Za-z0-9_-]{1,255})$/);
  if (!m) return undefined;
  return { cluster: m[3]!, service: m[4]!, ...(m[1] ? { account: m[1], region: m[2]! } : {}) };
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
