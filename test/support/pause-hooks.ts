import { deploymentStateChange, stops, taskStateChange } from "../../packages/sim/src/events/builders.ts";
import { awaiting, fakeHooks } from "./fake-hooks.ts";
import { guardrails } from "./engine.ts";
import { loadFixture, withDetail, withEnvelope } from "./fixtures.ts";

// prod/web deploying web:42 (ecs-svc/2) with BLUE_GREEN, paused by a pause hook: the ingest as
// deployed (DynamoDB Local) with ECS's service deployments answered in memory (fake-hooks.ts).

export const T0 = Date.parse("2026-11-20T10:00:00Z");
export const at = (s: number) => new Date(T0 + s * 1000).toISOString();
export const DEPLOYMENT_ARN = "arn:aws:ecs:us-east-1:111122223333:service-deployment/prod/web/Zx7ShTvPLabsjYHmB3Qs2";
const svc = { cluster: "prod", service: "web" };

export async function pausedWorld(policy: Record<string, unknown>, expiresAt = at(700)) {
  const g = await guardrails({
    config: { policies: { "pause-hook": policy } },
    service: {
      ...svc,
      desiredCount: 4,
      strategy: "BLUE_GREEN",
      deployments: [
        {
          id: "ecs-svc/2",
          status: "PRIMARY",
          taskDefinition: "web:42",
          rolloutState: "IN_PROGRESS",
          createdAt: new Date(at(0)),
        },
        {
          id: "ecs-svc/1",
          status: "ACTIVE",
          taskDefinition: "web:41",
          rolloutState: "COMPLETED",
          createdAt: new Date(at(-3600)),
        },
      ],
    },
  });
  const hooks = fakeHooks({ [DEPLOYMENT_ARN]: [awaiting("ecs-pause-1", expiresAt)] });
  g.deps.serviceDeployments = hooks;
  // The adapter is the engine's store and the ledger both (DynamoDecisionStore).
  g.deps.timeline = g.store as unknown as NonNullable<typeof g.deps.timeline>;
  await g.send(
    deploymentStateChange({
      ...svc,
      deploymentId: "ecs-svc/2",
      eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
      time: at(0),
    }),
  );
  return {
    ...g,
    hooks,
    crash: (taskId: string, s: number) =>
      g.send(
        taskStateChange({
          ...svc,
          taskId,
          deploymentId: "ecs-svc/2",
          taskDefinition: "web:42",
          version: 3,
          lastStatus: "STOPPED",
          time: at(s),
          stop: stops.crash(1),
        }),
      ),
    pause: (s: number, id = "evt-pause-1") => g.send(pauseEvent(s, expiresAt, id)),
  };
}

/** The derived HOOK_AWAITING_ACTION fixture, moved to prod/web's paused deployment. */
export function pauseEvent(s: number, expiresAt: string, id: string) {
  const raw = withDetail(loadFixture("ecs-hook-awaiting-action-derived"), {
    clusterArn: "arn:aws:ecs:us-east-1:111122223333:cluster/prod",
    serviceDeploymentArn: DEPLOYMENT_ARN,
    hookId: "ecs-pause-1",
    expiresAt,
    updatedAt: at(s),
  });
  return withEnvelope(raw, {
    id,
    time: at(s),
    region: "us-east-1",
    resources: ["arn:aws:ecs:us-east-1:111122223333:service/prod/web", DEPLOYMENT_ARN],
  });
}
