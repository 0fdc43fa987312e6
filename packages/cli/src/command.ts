import { GuardrailsError } from "@ecs-guardrails/core/errors";
import type { Out } from "./output.ts";

// A command is one declaration: its name, one-line summary, help text, arguments, options and
// what it runs. main.ts turns the registry (commands.ts) into the parser and the help, so adding
// a command is a declaration in commands/, the module that runs it, and one line in commands.ts.

export type OptionSpec = {
  /** As in commander: "--limit <n>", "--json", "--no-demo". */
  flags: string;
  description: string;
  default?: string | boolean | number;
  /** Turns the raw value into the one `run` gets; throws InvalidValue (values.ts) with a reason. */
  parse?: (raw: string) => unknown;
  /** The command cannot run without it: its absence is a usage mistake (exit 2). */
  required?: boolean;
};

export type ArgumentSpec = { name: string; description: string; required?: boolean; variadic?: boolean };

export type CommandContext = { out: Out; env: NodeJS.ProcessEnv };

export type CommandSpec = {
  name: string;
  summary: string;
  /** Paragraphs shown by `guardrails <name> --help` under the usage line. */
  description?: string;
  arguments?: ArgumentSpec[];
  options: OptionSpec[];
  examples?: string[];
  run: CommandRun;
};

/** Positional arguments in declaration order (a variadic one as a list), then the options by camelCased name. */
export type CommandRun = (
  args: readonly unknown[],
  options: Record<string, unknown>,
  context: CommandContext,
) => Promise<number>;

/**
 * A usage mistake the parser cannot see (flags that do not go together, a value only the command
 * can check): exits 2 like the parser's own, with the help hint, rather than 1 as a failure does.
 */
export class UsageError extends GuardrailsError {
  override name = "UsageError";
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

/**
 * A command's `run` that imports the module running it (its `run` export) only when the command
 * runs: the declarations are all the parser and the help need, and loading every command's
 * modules first (the AWS SDK clients, the simulator, the runtime, the console) would hold back
 * every command's first line, `--help` included, by most of a second.
 */
export function runFrom(load: () => Promise<{ run: CommandRun }>): CommandRun {
  return async (args, options, context) => (await load()).run(args, options, context);
}
