import { deploymentStateChange, stops, taskStateChange } from "../../packages/sim/src/events/builders.ts";
import type { guardrails } from "./engine.ts";

// prod/web as the auto-rollback scenarios see it: web:41 completed earlier; web:42 is being
// rolled out as ecs-svc/2 with 4 tasks. Times are seconds after T0.

export const ref = { cluster: "prod", service: "web" };
export const td = (rev: number) => `arn:aws:ecs:us-east-1:111122223333:task-definition/web:${rev}`;
export const T0 = Date.parse("2026-11-20T10:00:00Z");
export const at = (s: number) => new Date(T0 + s * 1000).toISOString();
export const enforce = { policies: { "auto-rollback": { mode: "enforce" as const } } };

export const service = (extra: object = {}) => ({
  ...ref,
  desiredCount: 4,
  deployments: [
    {
      id: "ecs-svc/2",
      status: "PRIMARY" as const,
      taskDefinition: td(42),
      rolloutState: "IN_PROGRESS" as const,
      createdAt: new Date(at(100)),
    },
    {
      id: "ecs-svc/1",
      status: "ACTIVE" as const,
      taskDefinition: td(41),
      rolloutState: "COMPLETED" as const,
      createdAt: new Date(at(0)),
    },
  ],
  ...extra,
});

export const history = () => [
  deploymentStateChange({
    ...ref,
    deploymentId: "ecs-svc/1",
    eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
    time: at(0),
  }),
  deploymentStateChange({ ...ref, deploymentId: "ecs-svc/1", eventName: "SERVICE_DEPLOYMENT_COMPLETED", time: at(60) }),
  deploymentStateChange({
    ...ref,
    deploymentId: "ecs-svc/2",
    eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
    time: at(100),
  }),
];

export const crash = (n: number, s = 120 + n * 10) =>
  taskStateChange({
    ...ref,
    taskId: `crash${n}`,
    deploymentId: "ecs-svc/2",
    taskDefinition: "web:42",
    version: 5,
    lastStatus: "STOPPED",
    time: at(s),
    stop: stops.crash(1),
  });

export async function replay(g: Awaited<ReturnType<typeof guardrails>>, events: object[]) {
  for (const e of events) await g.send(e);
}
