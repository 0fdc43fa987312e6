// node bench/scheduled-scaling.ts [--services 1000] [--ticks 12] [--json]
// The pure part of a scheduled-scaling reconcile tick for many services: window maths (croner),
// the convergence decision, and the state carried from tick to tick. The reconcile runs every 5
// minutes with a 2-minute timeout; this is the CPU share of that budget (the AWS calls are
// batched: DescribeScalableTargets takes 50 services a call).
import { parseArgs } from "node:util";
import { parseScheduledScalingSettings } from "../packages/core/src/capabilities/scheduled-scaling/settings.ts";
import { scheduledScalingTick } from "../packages/core/src/capabilities/scheduled-scaling/tick.ts";
import type { ScheduleState } from "../packages/core/src/capabilities/scheduled-scaling/state.ts";
import type { Snapshot } from "../packages/core/src/model/snapshot.ts";
import type { ScheduledScale } from "../packages/core/src/capabilities/scheduled-scaling/plan.ts";
// The window maths, as the reconcile loads it (the tick evaluates the schedule through it).
import "../packages/core/src/time/holds.ts";

const { values: args } = parseArgs({
  options: {
    services: { type: "string", default: "1000" },
    ticks: { type: "string", default: "12" },
    json: { type: "boolean", default: false },
  },
});
const N = Number(args.services);
const TICKS = Number(args.ticks);

const schedules = {
  nights: {
    windows: [
      { name: "nights", timezone: "Europe/Berlin", days: ["mon-fri"], from: "20:00", to: "07:00", stopped: true },
    ],
    except: ["2026-12-24", { from: "2026-12-27", to: "2026-12-31" }],
  },
  weekends: {
    windows: [
      { name: "weekends", timezone: "America/New_York", start: "0 22 * * 5", end: "0 6 * * 1", desiredCount: 1 },
    ],
  },
  office: {
    windows: [
      {
        name: "office",
        timezone: "Asia/Tokyo",
        start: "0 9 * * 1-5",
        end: "0 18 * * 1-5",
        minCapacity: 4,
        maxCapacity: 20,
      },
      { name: "batch", timezone: "UTC", start: "30 1 * * *", end: "30 3 * * *", desiredCount: 6 },
    ],
  },
};
const names = Object.keys(schedules);
const settings = names.map((schedule) => parseScheduledScalingSettings({ mode: "enforce", schedules, schedule }));

type Service = {
  snapshot: Snapshot;
  state: ScheduleState | undefined;
  desired: number;
  target:
    | {
        minCapacity: number;
        maxCapacity: number;
        suspended: {
          dynamicScalingInSuspended: boolean;
          dynamicScalingOutSuspended: boolean;
          scheduledScalingSuspended: boolean;
        };
      }
    | undefined;
};
const services: Service[] = Array.from({ length: N }, (_, i) => ({
  snapshot: snapshotOf(`svc-${i}`),
  state: undefined,
  desired: 3,
  target:
    i % 2
      ? {
          minCapacity: 2,
          maxCapacity: 10,
          suspended: {
            dynamicScalingInSuspended: false,
            dynamicScalingOutSuspended: false,
            scheduledScalingSuspended: false,
          },
        }
      : undefined,
}));

function snapshotOf(name: string): Snapshot {
  const service = {
    cluster: "prod",
    service: name,
    serviceArn: `arn:aws:ecs:us-east-1:111122223333:service/prod/${name}`,
    status: "ACTIVE",
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    taskDefinition: "td",
    launchType: "FARGATE",
    capacityProviderStrategy: [],
    circuitBreaker: undefined,
    deploymentController: "ECS",
    deploymentStrategy: "ROLLING",
    deploymentAlarms: undefined,
    deployments: [
      {
        id: "ecs-svc/1",
        status: "PRIMARY",
        taskDefinition: "td",
        rolloutState: "COMPLETED",
        createdAt: undefined,
        desiredCount: 3,
        runningCount: 3,
        failedTasks: 0,
      },
    ],
    tags: {},
    taskSize: undefined,
  };
  return { ref: { cluster: "prod", service: name }, state: undefined, deployments: [], recent: [], service };
}

const start = Date.parse("2026-12-21T16:00:00Z"); // a Monday before the holidays: windows start and end during the run
const durations: number[] = [];
let decisions = 0;
for (let t = 0; t < TICKS; t++) {
  const now = new Date(start + t * 5 * 60_000 * 12); // one tick an hour: transitions in most ticks
  const began = performance.now();
  for (let i = 0; i < N; i++) {
    const s = services[i]!;
    const snapshot: Snapshot = {
      ...s.snapshot,
      state: s.state
        ? {
            cluster: "prod",
            service: s.snapshot.ref.service,
            currentDeploymentId: undefined,
            lastKnownGoodTaskDefinition: undefined,
            lastKnownGoodDeploymentId: undefined,
            updatedAt: undefined,
            alarms: {},
            actionTimes: [],
            policies: { "scheduled-scaling": s.state },
          }
        : undefined,
      service: { ...s.snapshot.service!, desiredCount: s.desired },
    };
    const result = scheduledScalingTick({
      snapshot,
      settings: settings[i % settings.length]!,
      now,
      scalableTarget: s.target,
      bakeMinutes: 10,
    });
    for (const d of result.decisions) {
      decisions++;
      const a = d.action as ScheduledScale | undefined;
      if (a?.type === "scale") {
        if (a.desiredCount !== undefined) s.desired = a.desiredCount;
        else if (s.target) {
          s.target = { ...s.target, minCapacity: a.minCapacity!, maxCapacity: a.maxCapacity! };
          s.desired = Math.min(Math.max(s.desired, a.minCapacity!), a.maxCapacity!);
        }
      }
      if (d.state) s.state = d.state.value as ScheduleState;
    }
  }
  durations.push(performance.now() - began);
}

const sorted = [...durations].sort((a, b) => a - b);
const result = {
  services: N,
  ticks: TICKS,
  decisions,
  medianTickMs: Number(sorted[Math.floor(sorted.length / 2)]!.toFixed(1)),
  maxTickMs: Number(sorted.at(-1)!.toFixed(1)),
  perServiceMs: Number((sorted[Math.floor(sorted.length / 2)]! / N).toFixed(3)),
  budgetMs: 120_000,
};
if (args.json) console.log(JSON.stringify(result));
else
  console.log(
    `${N} services, ${TICKS} ticks, ${decisions} decisions: median tick ${result.medianTickMs} ms (max ${result.maxTickMs} ms, ${result.perServiceMs} ms a service) of a ${result.budgetMs / 1000} s reconcile budget`,
  );
