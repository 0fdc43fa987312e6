import { stops } from "./events/builders.ts";
import type { SimContext } from "./context.ts";
import { FARGATE_SPOT } from "./placement.ts";
import { beginStop, isRunning } from "./tasks.ts";
import type { Task } from "./types.ts";

// Fargate Spot interruptions: the two-minute warning (a task event with lastStatus RUNNING,
// desiredStatus STOPPED, stopCode SpotInterruption), then STOPPED. The warning already takes the
// task out of the scheduler's count, so its replacement starts at once, on whatever provider the
// strategy picks (ECS does not move it to FARGATE).

export type SpotFilter = { cluster?: string; service?: string; count?: number };

/** Interrupts running Spot tasks (all, or the oldest `count`); returns their ARNs. */
export function interruptSpotTasks(ctx: SimContext, filter: SpotFilter = {}): string[] {
  const victims = [...ctx.tasks.values()]
    .filter((t) => t.capacityProviderName === FARGATE_SPOT && isRunning(t) && matches(t, filter))
    .sort((a, b) => a.createdAt - b.createdAt)
    .slice(0, filter.count ?? Number.POSITIVE_INFINITY);
  for (const task of victims) beginStop(ctx, task, stops.spot(), { failed: false, graceMs: ctx.timings.spotWarningMs });
  return victims.map((t) => t.arn);
}

function matches(task: Task, filter: SpotFilter): boolean {
  return (
    (filter.cluster === undefined || task.cluster === filter.cluster) &&
    (filter.service === undefined || task.serviceName === filter.service)
  );
}
