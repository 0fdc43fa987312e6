import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { costCommand } from "./cost.ts";
import { historyCommand } from "./history.ts";
import { stdio, type Out } from "./output.ts";
import { replayCommand } from "./replay.ts";
import { startCommand } from "./start.ts";

const USAGE = `usage: guardrails <command> [options]

commands:
  start    [--no-demo] [--fresh] [--port N] [--config FILE]    run the backend locally (npm start)
  replay   FILE [--json] [--config FILE] [--until TIME]         what the policies would do with these events
  history  --cluster C --service S [--json] [--limit N] [--table NAME]   a service's timeline
  cost     [--services N] [--task-events-per-month M] [--json]  the guardrails' own monthly AWS bill (--help)`;

const commands: Record<string, (argv: string[], out: Out) => Promise<number>> = {
  start: startCommand,
  replay: replayCommand,
  history: historyCommand,
  cost: costCommand,
};

/** Runs a command; returns the exit code. Errors print one line naming the problem. */
export async function main(argv: string[], out: Out = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    out.line(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    out.error(`guardrails: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest, out);
  } catch (error) {
    const known = error instanceof GuardrailsError || (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION";
    out.error(`guardrails ${name}: ${known ? (error as Error).message : (error as Error).stack ?? String(error)}`);
    return 1;
  }
}
