import { MAX_PREVIEW_DAYS } from "@ecs-guardrails/core/capabilities/scheduled-scaling/preview-days";
import { defineCommand, runFrom } from "../command.ts";
import { accountFilter } from "../history-filters.ts";
import { isoTime, nonEmpty, positiveInteger } from "../values.ts";

/** `guardrails schedule`: what scheduled scaling will do to each service, transition by transition. */
export const scheduleCommand = defineCommand({
  name: "schedule",
  summary: "the coming scheduled-scaling transitions of each service",
  description: [
    "Previews what the scheduled-scaling policy will do: for each service with a schedule, when a",
    "window starts, switches or ends, in the window's local time and in UTC, with DST days marked,",
    "and the capacity each transition sets (an end restores the values saved at the start). The",
    "services and their tags (guardrails:scheduled-scaling:schedule) come from the running",
    "`npm start`; without it, name one service with --cluster and --service (config only, no tags).",
  ].join(" "),
  options: [
    { flags: "--cluster <glob>", description: "only services of matching clusters", parse: nonEmpty },
    { flags: "--service <glob>", description: "only matching services", parse: nonEmpty },
    { flags: "--at <time>", description: "preview from this ISO-8601 time (default: now)", parse: isoTime },
    {
      flags: "--days <n>",
      description: `how far ahead, 1-${MAX_PREVIEW_DAYS} days`,
      default: 7,
      parse: positiveInteger(MAX_PREVIEW_DAYS),
    },
    {
      flags: "--account <account[/region]>",
      description: "behind a hub: only this account's services (home, ACCOUNT or ACCOUNT/REGION)",
      parse: accountFilter,
    },
    { flags: "--json", description: "one JSON object: from, days and each service's transitions, account and Region" },
    {
      flags: "--config <file>",
      description: "guardrails configuration (default: guardrails.config.json when present)",
    },
  ],
  examples: [
    "guardrails schedule",
    "guardrails schedule --cluster prod --service batch --at 2026-03-28T12:00:00Z --days 2",
    "guardrails schedule --cluster 'prod-*' --json",
    "guardrails schedule --account 444455556666",
  ],
  run: runFrom(() => import("../schedule.ts")),
});
