/** How long history is kept (DynamoDB TTL; deletes are free and happen within ~48 h). */
export type Retention = { timelineDays: number; taskDays: number; deploymentDays: number };

export const DEFAULT_RETENTION: Retention = {
  timelineDays: 90,
  // Task versions only need to outlive redelivery (ECS retries for 24 h, Lambda keeps 6 h).
  taskDays: 7,
  // Deployment records outlive the timeline: they are the service's release history.
  deploymentDays: 400,
};
