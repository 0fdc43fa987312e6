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

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}
