import { GuardrailsError } from "@ecs-guardrails/core/errors";
import type { Out } from "./output.ts";

// A command is one declaration: its name, one-line summary, help text, arguments, options and
// what it runs. main.ts turns the registry (commands.ts) into the parser and the help, so adding
// a command is one file plus one line there.

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
  /** Positional arguments in declaration order (a variadic one as a list), then the options by camelCased name. */
  run(args: readonly unknown[], options: Record<string, unknown>, context: CommandContext): Promise<number>;
};

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
