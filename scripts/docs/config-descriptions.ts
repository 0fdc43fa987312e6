// What each configuration key means, by its path in the reference (`[]` an element of a list,
// `<name>` a key the user chooses). Defaults and allowed values are NOT written here: the
// reference reads them from the schema. A key the schema gains without a line here shows up
// as missing in test/unit/docs-generated.test.ts.

const WINDOW: Record<string, string> = {
  "": "the windows; each holds exactly one of `desiredCount`, `minCapacity`/`maxCapacity` or `stopped`",
  "[].name":
    "the window's name: how a held window is recognised after the list changes (an unnamed one is known by its position)",
  "[].timezone": "IANA time zone of the window's times and dates",
  "[].start":
    "5-field cron (minute hour day-of-month month day-of-week) when the window starts; with `end`, instead of `days`/`from`/`to`",
  "[].end": "5-field cron when the window ends",
  "[].days": "days the window starts on: `mon` … `sun` or ranges such as `mon-fri`, `fri-mon`; with `from`/`to`",
  "[].from": "local start time `HH:MM`",
  "[].to": "local end time `HH:MM`; at or before `from` it ends the next day",
  "[].desiredCount": "the desired count inside the window (zero tasks: use `stopped`)",
  "[].minCapacity": "the scalable target's minimum inside the window",
  "[].maxCapacity": "the scalable target's maximum inside the window (zero: use `stopped`)",
  "[].stopped": "no tasks inside the window",
  "[].except": "dates or `{from, to}` ranges (in the window's zone) on which an occurrence does not start",
  "[].alsoOn": "dates on which the window holds the whole local day as well",
};

const prefixed = (prefix: string, table: Record<string, string>) =>
  Object.fromEntries(Object.entries(table).map(([k, v]) => [`${prefix}${k}`, v]));

export const DESCRIPTIONS: Record<string, string> = {
  $schema:
    "for editors: the JSON Schema to check and complete the file with, e.g. `./guardrails.schema.json`; ignored by guardrails",
  $comment: "notes for people, one text or a list of lines (JSON has no comments); ignored by guardrails",
  killSwitch: "when true no policy acts anywhere; decisions are still recorded and announced as blocked",
  "scope.clusters": "cluster name globs in scope (`*`, `?`)",
  "scope.services": "service name globs in scope",
  "scope.exclude": "`cluster/service` globs never touched (a member's service: `account/region/cluster/service`)",
  scope: "which services the guardrails look after",
  "scope.accounts": "behind a hub: account id globs in scope; `home` is the account the guardrails run in; absent: all",
  "scope.regions": "behind a hub: Region globs in scope; `home` is the Region the guardrails run in; absent: all",
  "scope.organizationalUnits":
    "behind a hub: OU (or root) ids; an account is in scope when one is among its ancestors (read from AWS Organizations); unknown ancestors: out of scope; absent: all",
  "organization.memberRoleName": "the role the hub assumes in each member account (docs/design/accounts.md)",
  "organization.members": "the member accounts a hub's reconcile and right-sizing look at",
  "organization.members[].account": "the member's 12-digit account id",
  "organization.members[].regions": "the member's Regions; absent: the hub's own Region",
  "notifications.minSeverity": "lower severities are not published",
  "guards.maxActionsPerService": "automatic actions allowed per service within the window",
  "guards.rateWindowMinutes": "the rate-limit window",
  "guards.lockSeconds":
    "how long a service's action lock (and an unfinished decision claim) is held before another invocation may take over; 120–180 (checked across keys)",
  "history.ttlDays": "how long timeline entries are kept",

  "policies.auto-rollback.mode": "`off` / `observe` (record and notify what it would do) / `enforce` (act)",
  "policies.auto-rollback.failureThreshold": "failures of the new revision that trigger a rollback",
  "policies.auto-rollback.failurePercent": "if set, the threshold is this percentage of the desired count (at least 1)",
  "policies.auto-rollback.failureClasses": "which stop classes count against a revision",
  "policies.auto-rollback.bakeMinutes": "how long after completion failures still count",
  "policies.auto-rollback.onDeploymentFailed": "react to `SERVICE_DEPLOYMENT_FAILED`",
  "policies.auto-rollback.onTaskStartImpaired": "react to `SERVICE_TASK_START_IMPAIRED`",
  "policies.auto-rollback.alarms":
    "alarm names that mean the service is unhealthy; only in an override naming one cluster and one service exactly (rejected elsewhere)",
  "policies.auto-rollback.includeAlarmsAlreadyFiring":
    "also roll back when a mapped alarm was in ALARM when the deployment started",

  "policies.spot-fallback.mode": "`off` / `observe` / `enforce`",
  "policies.spot-fallback.onPlacementFailure": "fall back on `SERVICE_TASK_PLACEMENT_FAILURE` naming FARGATE_SPOT",
  "policies.spot-fallback.interruptionStorm":
    "fall back when `count` Spot tasks are interrupted within `windowMinutes`",
  "policies.spot-fallback.interruptionStorm.count": "interrupted Spot tasks that make a storm",
  "policies.spot-fallback.interruptionStorm.windowMinutes": "the window they are counted in",
  "policies.spot-fallback.belowDesiredGraceMinutes":
    "fall back when a Spot service stays below its desired running count this long, short of Spot (checked by the reconcile)",
  "policies.spot-fallback.cooldownMinutes": "wait this long on on-demand before returning to Spot",
  "policies.spot-fallback.maxBackoffMinutes":
    "the cap of the cool-down, which doubles after each relapse (a fallback soon after a return); at least `cooldownMinutes`",
  "policies.spot-fallback.stagedReturnBase":
    "if above 0, return in two steps: first keep this many tasks on the on-demand counterpart (FARGATE for FARGATE_SPOT; `base`), then the original strategy",
  "policies.spot-fallback.counterparts":
    "ECS Managed Instances Spot capacity provider → its on-demand counterpart; only a named pair falls back, and only when the service's strategy names the counterpart too (FARGATE_SPOT's is always FARGATE)",
  "policies.spot-fallback.counterparts.<name>":
    "the on-demand capacity provider that Spot provider `<name>` falls back to",

  "policies.right-sizing.mode": "`off` or `observe`; `enforce` is refused (right-sizing never changes a service)",
  "policies.right-sizing.schedule":
    "when the scheduled run looks at the services (an EventBridge Scheduler expression, deployed as the `RightSizingRun` schedule)",
  "policies.right-sizing.lookbackDays": "days of metrics read",
  "policies.right-sizing.minHistoryHours": "less data → insufficient data",
  "policies.right-sizing.cpuPercentile": "CPU rule: this percentile of the per-minute Maximum",
  "policies.right-sizing.cpuMarginPercent": "CPU rule: margin added to it",
  "policies.right-sizing.memoryPercentile": "memory rule: this percentile (100 = the peak)",
  "policies.right-sizing.memoryMarginPercent": "memory rule: margin added to it",
  "policies.right-sizing.memoryHeadroomPercent": "memory is never recommended below the observed peak × (1 + this)",
  "policies.right-sizing.oomFactor": "after OOM kills of the current revision: memory at least the limit × this",
  "policies.right-sizing.oomMinBumpMiB": "… and at least the limit + this many MiB",
  "policies.right-sizing.minCpuUnits": "container CPU floor on EC2",
  "policies.right-sizing.minMemoryMiB": "container memory floor on EC2",
  "policies.right-sizing.region": "the region whose Fargate prices apply",
  "policies.right-sizing.prices": "Fargate prices for regions without built-in ones",
  "policies.right-sizing.prices.<name>.x86_64.vcpuHour": "x86 price per vCPU-hour in region `<name>`",
  "policies.right-sizing.prices.<name>.x86_64.gbHour": "x86 price per GB-hour",
  "policies.right-sizing.prices.<name>.arm64.vcpuHour": "ARM price per vCPU-hour",
  "policies.right-sizing.prices.<name>.arm64.gbHour": "ARM price per GB-hour",
  "policies.right-sizing.spotDiscountPercent": "Fargate Spot's discount on the x86 price",
  "policies.right-sizing.digestSchedule": "when the weekly digest goes out (`RightSizingDigest` schedule)",
  "policies.right-sizing.digestTopSavings": "savings listed in the digest",
  "policies.right-sizing.digestTopRisks": "risks listed in the digest",

  "policies.scheduled-scaling.mode": "`off` / `observe` / `enforce`",
  "policies.scheduled-scaling.schedules":
    "named schedules, applied to services by `schedule` (here, in an override) or the tag `guardrails:scheduled-scaling:schedule`",
  "policies.scheduled-scaling.schedules.<name>.except":
    "dates or `{from, to}` ranges on which no window of the schedule starts (holidays)",
  ...prefixed("policies.scheduled-scaling.schedules.<name>.windows", WINDOW),
  "policies.scheduled-scaling.schedule": "the name of the schedule a service follows",
  ...prefixed("policies.scheduled-scaling.windows", WINDOW),

  "policies.pause-hook.mode":
    "`off` / `observe` (announce the answer it would give, leave it to a person) / `enforce` (answer paused deployments)",
  "policies.pause-hook.bakeMinutes": "how long the paused revision must stay clean before the answer is `CONTINUE`",
  "policies.pause-hook.marginSeconds":
    "never answer closer than this to the hook's expiry: ECS's timeout action stands",

  "deploymentHook.bakeMinutes": "how long the target revision must stay clean at a baking stage",
  "deploymentHook.bakeStages": "the stages that wait out the bake; the others are judged at once",
  "deploymentHook.callBackDelaySeconds": "seconds ECS waits before calling again after `IN_PROGRESS`",
  "deploymentHook.maxFaults": "the hook's own faults in a row answered `IN_PROGRESS` before `onFault`",
  "deploymentHook.onFault": "the answer once faults last longer",

  "pipeline.gate.mode":
    "`off` checks nothing; `observe` always succeeds and records what it would have blocked; `enforce` fails the job",
  "pipeline.verify.timeoutMinutes":
    "verify fails when the release's deployment has not finished its bake by then; longer than the auto-rollback bake",
  "pipeline.freezes": "change freezes: the gate blocks releases inside them",
  "pipeline.freezes[].name": "the freeze's name, in the gate's answer",
  "pipeline.freezes[].timezone": "IANA time zone of its times and dates",
  "pipeline.freezes[].clusters": "cluster globs it applies to",
  "pipeline.freezes[].services": "service globs it applies to (must name a service inside `scope`)",
  "pipeline.freezes[].start": "5-field cron when it starts (with `end`)",
  "pipeline.freezes[].end": "5-field cron when it ends",
  "pipeline.freezes[].days": "days it starts on, with `from`/`to`",
  "pipeline.freezes[].from": "local start time `HH:MM`",
  "pipeline.freezes[].to": "local end time `HH:MM`",
  "pipeline.freezes[].dates": "whole local dates or `{from, to}` ranges",
  chat: "chat commands from Amazon Q Developer buttons and aliases ([chat commands](capabilities/chat-command.md))",
  "chat.functionName":
    "the command function's name, as the custom actions' command texts name it (short: 100 characters in all)",
  "chat.channels": "per chat channel (its name: 1–8 lowercase letters, digits, dashes), the commands it may run",
  "chat.channels.<name>.commands":
    "the commands the channel may run; acting ones (rollback-now, continue, …) are opt-in",
  "pipeline.freezes[].except": "dates on which an occurrence does not start",

  overrides: "settings for matching services, applied in order; only the keys named change",
  "overrides[].accounts": "account id globs it applies to (`home`: the account the guardrails run in); absent: all",
  "overrides[].regions": "Region globs it applies to (`home`: the guardrails' Region); absent: all",
  "overrides[].organizationalUnits":
    "OU (or root) ids: it applies to accounts below one of them; while an account's OUs are unknown it applies nowhere and the policies it names act on nothing; absent: all",
  "overrides[].cluster": "cluster name glob",
  "overrides[].service": "service name glob",
  "overrides[].policies": "any key of `policies.<id>` above, without defaults",
};
