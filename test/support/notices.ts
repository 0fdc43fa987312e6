import type { Notice } from "../../packages/core/src/notifications/notice.ts";

/** A Spot fallback notice for prod/worker, as the engine would hand it to a notifier. */
export const spotNotice = (patch: Partial<Notice> = {}): Notice => ({
  severity: "warning",
  policy: "spot-fallback",
  cluster: "prod",
  service: "worker",
  title: "Fell back to on-demand Fargate",
  description: "Spot capacity was unavailable for 10 minutes.",
  nextSteps: ["Nothing to do; Spot is retried in 1 hour"],
  threadId: "prod/worker/spot",
  eventType: "spot-fallback.fallback",
  dedupeKey: "spot-fallback:prod/worker:2025-03-01T10:00:00Z",
  keywords: ["spot"],
  relatedResources: [],
  context: { mode: "enforce" },
  ...patch,
});
