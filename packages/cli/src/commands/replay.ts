import { defineCommand, runFrom } from "../command.ts";
import { isoTime } from "../values.ts";

export const replayCommand = defineCommand({
  name: "replay",
  summary: "what the policies would do with recorded events",
  description: [
    "Replays EventBridge envelopes (JSON Lines, a JSON array, or a scenario object with",
    "services, config and events) through the real pipeline against a fresh in-memory store and",
    "the simulated ECS, and reports every action, notification and rejected event. Several files",
    "are one stream, merged by event time.",
  ].join(" "),
  arguments: [
    { name: "FILE", description: "the recorded events or scenario (one or more)", required: true, variadic: true },
  ],
  options: [
    {
      flags: "--json",
      description:
        "one JSON object per line (inferred services, actions, notifications, CodePipeline job results, rejected events, then a summary)",
    },
    {
      flags: "--config <file>",
      description: "guardrails configuration (JSON) instead of the scenario's or the defaults",
    },
    {
      flags: "--until <time>",
      description: "keep the clock running to this ISO-8601 time after the last event",
      parse: isoTime,
    },
    {
      flags: "--html <file>",
      description: "also write one self-contained HTML report (the console's pages and charts) for the replayed stream",
    },
  ],
  examples: [
    "guardrails replay events.jsonl",
    "guardrails replay scenario.json --json --until 2026-11-20T12:00:00Z",
    "guardrails replay monday.jsonl tuesday.jsonl",
    "guardrails replay events.jsonl --html report.html",
  ],
  run: runFrom(() => import("../replay.ts")),
});
