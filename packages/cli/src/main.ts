import { readFileSync } from "node:fs";
import { Argument, Command, CommanderError, Option } from "commander";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { type CommandContext, type CommandSpec, UsageError } from "./command.ts";
import { COMMANDS } from "./commands.ts";
import { stdio, type Out } from "./output.ts";

// The parser is commander (zero dependencies, ~240 kB, ~20 ms to load): it brings the help
// layout, --version, "did you mean" for typos, and one consistent message for a missing or
// rejected value. What stays ours is the command registry and the one-line error format.

export const VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

const EXIT_USAGE = 2;

/** Runs a command; returns the exit code (0 ok, 1 the command failed, 2 a usage mistake). */
export async function main(
  argv: string[],
  out: Out = stdio,
  env: NodeJS.ProcessEnv = process.env,
  commands: readonly CommandSpec[] = COMMANDS,
): Promise<number> {
  const result = { code: 0 };
  const program = buildProgram(commands, { out, env }, result);
  if (argv.length === 0) {
    out.line(program.helpInformation().trimEnd());
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return result.code;
  } catch (error) {
    // Help, --version and usage errors: commander has printed them already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    throw error;
  }
}

export function buildProgram(
  commands: readonly CommandSpec[],
  context: CommandContext,
  result: { code: number },
): Command {
  const program = new Command("guardrails")
    .description("ECS guardrails: the local backend, replays of recorded events, service histories.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "print this help")
    .helpCommand(false)
    .exitOverride()
    .configureOutput(output(context.out, "guardrails", "guardrails --help"));
  program.addHelpText("after", `\nRun \`guardrails <command> --help\` for a command's options.`);
  for (const spec of commands) program.addCommand(toCommand(spec, context, result));
  return program;
}

function toCommand(spec: CommandSpec, context: CommandContext, result: { code: number }): Command {
  const command = new Command(spec.name)
    .summary(spec.summary)
    .description(spec.description ? `${spec.summary}\n\n${spec.description}` : spec.summary)
    .helpOption("-h, --help", "print this help")
    .exitOverride()
    .configureOutput(output(context.out, `guardrails ${spec.name}`, `guardrails ${spec.name} --help`));
  for (const a of spec.arguments ?? []) {
    const name = a.variadic ? `${a.name}...` : a.name;
    command.addArgument(new Argument(a.required ? `<${name}>` : `[${name}]`, a.description));
  }
  for (const o of spec.options) {
    const option = new Option(o.flags, o.description);
    if (o.parse) option.argParser(o.parse);
    if (o.default !== undefined) option.default(o.default);
    if (o.required) option.makeOptionMandatory();
    command.addOption(option);
  }
  command.version(VERSION, "-V, --version", "print the version");
  if (spec.examples?.length)
    command.addHelpText("after", `\nExamples:\n${spec.examples.map((e) => `  ${e}`).join("\n")}`);
  command.action(async (...received: unknown[]) => {
    const args = received.slice(0, spec.arguments?.length ?? 0);
    const options = (received.at(-1) as Command).opts();
    result.code = await runReportingErrors(spec, args, options, context);
  });
  return command;
}

/**
 * A user's mistake (GuardrailsError) is one line; anything else is a bug and keeps its stack.
 * A UsageError exits 2 with the help hint, as the parser's own usage errors do.
 */
async function runReportingErrors(
  spec: CommandSpec,
  args: unknown[],
  options: Record<string, unknown>,
  context: CommandContext,
): Promise<number> {
  try {
    return await spec.run(args, options, context);
  } catch (error) {
    if (error instanceof UsageError) {
      context.out.error(`guardrails ${spec.name}: ${error.message} (see \`guardrails ${spec.name} --help\`)`);
      return EXIT_USAGE;
    }
    const known = error instanceof GuardrailsError;
    context.out.error(
      `guardrails ${spec.name}: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}`,
    );
    return 1;
  }
}

/** Help on stdout; commander's "error: …" (and its "Did you mean …?") as one line naming the command. */
function output(out: Out, prefix: string, helpHint: string) {
  return {
    writeOut: (text: string) => out.line(text.replace(/\n$/, "")),
    writeErr: (text: string) => out.error(text.replace(/\n$/, "")),
    outputError: (text: string, write: (text: string) => void) => {
      const message = text
        .trim()
        .replace(/^error: /, "")
        .replace(/\s*\n\s*/g, " ");
      write(`${prefix}: ${message} (see \`${helpHint}\`)\n`);
    },
  };
}
