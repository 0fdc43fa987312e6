// How far ahead `guardrails schedule` looks at most, in a module of its own: the CLI declares
// its --days limit with the command, without loading the schedules' evaluation (cron, zod).

export const MAX_PREVIEW_DAYS = 366;
