import { deploymentStateChange, stops, taskStateChange } from "../../packages/sim/src/events/builders.ts";

// The history-import scenario (test/fixtures/replay/first-release-import-scenario.json is this
// module's output: `node test/support/first-release-import.ts > test/fixtures/replay/first-release-import-scenario.json`).
// The guardrails are installed on prod/web while its release web:42 (ecs-svc/42) rolls out;
// web:41 (ecs-svc/41) completed days before, so no event of it ever reaches them. The first
// event they get is web:42's completion, when ECS has drained ecs-svc/41 and DescribeServices
// lists web:42 alone. Inside the 10-minute bake window web:42's tasks are killed for memory
// after running (the guardrails' own rollback; ECS's breaker is off). Only ECS's deployment
// history, which the simulated ECS keeps of the seeded deployments, still names web:41.

export const FIRST_RELEASE_FIXTURE = "first-release-import-scenario.json";
export const PREVIOUS_AT = "2026-11-02T10:00:00.000Z";

const T = (m: number, s = 0) => new Date(Date.parse("2026-11-20T10:00:00Z") + (m * 60 + s) * 1000).toISOString();
const ref = { cluster: "prod", service: "web" };

const oom = (n: number, time: string) =>
  taskStateChange({
    ...ref,
    taskId: `oom${n}`,
    deploymentId: "ecs-svc/42",
    taskDefinition: "web:42",
    version: 5,
    lastStatus: "STOPPED",
    startedAt: T(-4),
    time,
    stop: stops.outOfMemory(),
  });

/** The scenario, `previousAt` being when web:41's deployment was created and completed. */
export function firstReleaseScenario(previousAt = PREVIOUS_AT) {
  return {
    config: { policies: { "auto-rollback": { mode: "enforce" } } },
    services: [
      {
        cluster: ref.cluster,
        name: ref.service,
        taskDefinition: "web:42",
        desiredCount: 2,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } },
        deployments: [
          {
            id: "ecs-svc/42",
            taskDefinition: "web:42",
            status: "PRIMARY",
            rolloutState: "IN_PROGRESS",
            createdAt: T(-5),
          },
          {
            id: "ecs-svc/41",
            taskDefinition: "web:41",
            status: "ACTIVE",
            rolloutState: "COMPLETED",
            createdAt: previousAt,
          },
        ],
      },
    ],
    events: [
      deploymentStateChange({
        ...ref,
        deploymentId: "ecs-svc/42",
        eventName: "SERVICE_DEPLOYMENT_COMPLETED",
        time: T(0),
      }),
      oom(1, T(2)),
      oom(2, T(2, 30)),
      oom(3, T(3)),
    ],
  };
}

if (import.meta.main) process.stdout.write(`${JSON.stringify(firstReleaseScenario(), null, 1)}\n`);
