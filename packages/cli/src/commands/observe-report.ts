import { defineCommand, runFrom } from "../command.ts";
import { age, nonEmpty } from "../values.ts";
import { DEPLOYED_TABLE_OPTIONS } from "./table-options.ts";

/** `guardrails observe-report`: what each policy in observe would have done, and what happened next. */
export const observeReportCommand = defineCommand({
  name: "observe-report",
  summary: "what observe would have done, what happened next: the evidence to switch to enforce",
  description: [
    "For each service, every action a policy in observe mode would have taken in the period, what the history",
    "shows happened next (a person rolled the release back by hand, Spot came back by itself, what a window would",
    "have saved) and a verdict: agreed, observe would have been wrong, or unknown. A line where observe cannot know",
    "what enforce would have seen says so. Reads the local store (the running `npm start`, else the data it left in",
    ".guardrails/), or a deployed table with --table.",
  ].join(" "),
  options: [
    { flags: "--since <age>", description: "the period, back from now: 14d, 36h", default: "14d", parse: age },
    { flags: "--cluster <name>", description: "only this cluster's services", parse: nonEmpty },
    { flags: "--service <name>", description: "only this service", parse: nonEmpty },
    { flags: "--json", description: "one JSON object per service, its lines and counts" },
    ...DEPLOYED_TABLE_OPTIONS,
  ],
  examples: [
    "guardrails observe-report",
    "guardrails observe-report --since 30d --cluster prod --service api",
    "guardrails observe-report --json --table ecs-guardrails-history --region eu-west-1",
  ],
  run: runFrom(() => import("../observe-report.ts")),
});
