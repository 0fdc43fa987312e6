// The EventBridge patterns each function subscribes with. One source of truth: the SST
// infrastructure and the local runtime's bus both route with these objects.

export const ECS_DETAIL_TYPES = [
  "ECS Task State Change",
  "ECS Deployment State Change",
  "ECS Service Action",
  // A pause hook awaiting action (pause-hook capability).
  "ECS Hook State Change",
] as const;

export const ecsEventsPattern = {
  source: ["aws.ecs"],
  "detail-type": [...ECS_DETAIL_TYPES],
} as const;

export const alarmEventsPattern = {
  source: ["aws.cloudwatch"],
  "detail-type": ["CloudWatch Alarm State Change"],
} as const;

export const pipelineEventsPattern = {
  source: ["aws.codepipeline"],
  "detail-type": [
    "CodePipeline Pipeline Execution State Change",
    "CodePipeline Stage Execution State Change",
    "CodePipeline Action Execution State Change",
  ],
} as const;

export type EventPattern = {
  readonly source: readonly string[];
  readonly "detail-type": readonly string[];
};

/** Which function receives which events: the ingest function takes ECS, alarm and pipeline events (provenance). */
export const subscriptions = {
  ingest: [ecsEventsPattern, alarmEventsPattern, pipelineEventsPattern],
} as const satisfies Record<string, readonly EventPattern[]>;
