import type { FakeScalableTarget } from "../support/fake-app-autoscaling.ts";
import type { FakeService } from "../support/fake-ecs.ts";
import type { Input } from "../support/lambda.ts";
import { same, verdictOf } from "./checks.ts";
import type { Observed } from "./world.ts";

// prod/batch for the scheduled-scaling scenarios: 4 tasks, one completed deployment long ago,
// and a night window (20:00–06:00 UTC, 1 task) enforced.

export const ref = { cluster: "prod", service: "batch" };
const T0 = Date.parse("2026-11-20T19:50:00Z");
export const at = (m: number) => new Date(T0 + m * 60_000).toISOString();

export const nightConfig = {
  policies: {
    "scheduled-scaling": {
      mode: "enforce" as const,
      windows: [{ name: "night", timezone: "UTC", start: "0 20 * * *", end: "0 6 * * *", desiredCount: 1 }],
    },
  },
};

export const batchService = (): FakeService => ({
  ...ref,
  desiredCount: 4,
  deployments: [
    {
      id: "ecs-svc/1",
      status: "PRIMARY",
      taskDefinition: "arn:aws:ecs:us-east-1:111122223333:task-definition/batch:3",
      rolloutState: "COMPLETED",
      createdAt: new Date(at(-600)),
    },
  ],
});

export const AUTO_SCALED: FakeScalableTarget = {
  minCapacity: 2,
  maxCapacity: 10,
  suspended: { in: false, out: true, scheduled: false },
};

export const tick = (m: number): Input => ({ label: `tick at ${at(m).slice(11, 16)} UTC`, at: at(m), tick: true });

/** The night's ticks: at its start (20:05), inside it (20:15), and after its end (06:05 the next day). */
export const nightTicks = (): Input[] => [tick(15), tick(25), tick(10 * 60 + 15)];

type ScheduleStateSeen = { holding?: string };

/** After a night: what the service had is back exactly, each transition acted once, nothing left watched. */
export function restoredAfterNight(
  expected: { desiredCount: number; scalableTarget: FakeScalableTarget | undefined },
  changes: number,
) {
  return (run: Observed): string[] => {
    const out: string[] = [];
    if (!same(run.scalableTarget, expected.scalableTarget))
      out.push(
        `the scalable target is ${JSON.stringify(run.scalableTarget)}, not ${JSON.stringify(expected.scalableTarget)} again`,
      );
    if (run.ecs.desiredCount !== expected.desiredCount)
      out.push(`the desired count is ${run.ecs.desiredCount}, not ${expected.desiredCount} again`);
    if (run.actions.length !== changes)
      out.push(`capacity was changed ${run.actions.length} time(s) [${run.actions.join(" | ")}], not ${changes}`);
    // With a scalable target the schedule never sets the desired count: the scaler owns it.
    if (expected.scalableTarget && run.actions.some((a) => a.startsWith("desired count")))
      out.push("UpdateService set the desired count of an auto-scaled service");
    const schedule = run.state?.policies["scheduled-scaling"] as ScheduleStateSeen | undefined;
    if (schedule?.holding !== undefined) out.push(`the schedule still holds ${schedule.holding}`);
    for (const prefix of ["scheduled-scaling#start#", "scheduled-scaling#end#"]) {
      const acted = run.decisions.filter((d) => d.eventId.startsWith(prefix) && verdictOf(d) === "acted").length;
      if (acted !== 1) out.push(`${prefix}… recorded as acted ${acted} time(s)`);
    }
    return out;
  };
}
