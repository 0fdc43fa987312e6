import { readFileSync } from "node:fs";
import { defineCommand } from "./command.ts";
import type { Out } from "./output.ts";
import { ReplayInputError } from "./replay/input.ts";
import { readRecording, replayStream } from "./replay/recording.ts";

/** `guardrails from-logs`: events recorded into CloudWatch Logs (no guardrails installed) as a replay stream. */
export const fromLogsCommand = defineCommand({
  name: "from-logs",
  summary: "a replay stream from ECS events recorded in CloudWatch Logs",
  description: [
    "Reads what `aws logs filter-log-events --output json` (or `aws logs get-query-results`) printed for a log group",
    "an EventBridge rule writes ECS and alarm events to (docs/recording-events.md), or JSON Lines of envelopes,",
    "and writes the envelopes as JSON Lines to stdout: sorted by event time, each event id once.",
  ].join(" "),
  arguments: [{ name: "FILE", description: "the recording (one or more)", required: true, variadic: true }],
  options: [],
  examples: [
    "aws logs filter-log-events --log-group-name /guardrails/ecs-events --output json > recording.json",
    "guardrails from-logs recording.json > events.jsonl",
  ],
  run: (args, _options, { out }) => fromLogs(args[0] as string[], out),
});

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
