// Where the generated references read from: the CLI's folder is named once, here.

const CLI = "../../packages/cli/src/";

export { configSchema } from "../../packages/core/src/config/schema.ts";

/** The commander program exactly as `guardrails` builds it, with every registered command. */
export async function cliProgram(): Promise<CommanderLike> {
  const [{ buildProgram }, { COMMANDS }] = await Promise.all([import(`${CLI}main.ts`), import(`${CLI}commands.ts`)]);
  return buildProgram(COMMANDS, { out: { line() {}, error() {} }, env: {} }, { code: 0 }) as CommanderLike;
}

/** The parts of a commander `Command` the reference reads (commander's own types, narrowed). */
export type CommanderLike = {
  name(): string;
  summary(): string;
  description(): string;
  usage(): string;
  helpInformation(): string;
  configureOutput(settings: { getOutHelpWidth?: () => number; getOutHasColors?: () => boolean }): unknown;
  commands: readonly CommanderLike[];
  registeredArguments: readonly { name(): string; description: string; required: boolean; variadic: boolean }[];
  options: readonly {
    flags: string;
    description: string;
    defaultValue?: unknown;
    mandatory: boolean;
    negate: boolean;
  }[];
};
