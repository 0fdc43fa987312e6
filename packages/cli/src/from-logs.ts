import { readFileSync } from "node:fs";
import type { CommandRun } from "./command.ts";
import type { Out } from "./output.ts";
import { ReplayInputError } from "./replay/input.ts";
import { readRecording, replayStream } from "./replay/recording.ts";

/** Runs `guardrails from-logs`: commands/from-logs.ts declares it, and imports this module when it runs. */
export const run: CommandRun = (args, _options, { out }) => fromLogs(args[0] as string[], out);

async function fromLogs(files: string[], out: Out): Promise<number> {
  const { envelopes, duplicates } = replayStream(files.map((file) => readRecording(read(file), file)));
  for (const e of envelopes) out.json(e);
  out.error(`${envelopes.length} events (${duplicates} duplicate${duplicates === 1 ? "" : "s"} dropped)`);
  return 0;
}

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ReplayInputError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
