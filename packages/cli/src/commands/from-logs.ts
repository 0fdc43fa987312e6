import { defineCommand, runFrom } from "../command.ts";

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
  run: runFrom(() => import("../from-logs.ts")),
});
