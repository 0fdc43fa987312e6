import { serviceAction } from "../../packages/sim/src/events/builders.ts";
import type { FakeService } from "../support/fake-ecs.ts";
import type { Input } from "../support/lambda.ts";
import { same, verdictOf } from "./checks.ts";
import type { Observed } from "./world.ts";

// prod/queue for the Spot scenarios: 4 tasks all on FARGATE_SPOT (or on a Managed Instances
// Spot provider, beside its on-demand counterpart), one completed deployment.

export const ref = { cluster: "prod", service: "queue" };
const T0 = Date.parse("2026-11-20T10:00:00Z");
export const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
export const SPOT = [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }];
export const ON_DEMAND = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
export const SPOT_MI = [
  { capacityProvider: "mi-spot", base: 0, weight: 1 },
  { capacityProvider: "mi-od", base: 0, weight: 0 },
];

export const spotService = (strategy = SPOT): FakeService => ({
  ...ref,
  desiredCount: 4,
  capacityProviderStrategy: strategy,
  deployments: [
    {
      id: "ecs-svc/1",
      status: "PRIMARY",
      taskDefinition: "arn:aws:ecs:us-east-1:111122223333:task-definition/queue:7",
      rolloutState: "COMPLETED",
      createdAt: new Date(at(-60)),
    },
  ],
});

export function placementFailure(m: number, provider = "FARGATE_SPOT"): Input {
  const event = serviceAction({
    ...ref,
    eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
    reason: provider === "FARGATE_SPOT" ? "RESOURCE:FARGATE" : "RESOURCE:CPU",
    capacityProviders: [provider],
    time: at(m),
  });
  return { label: `placement failure at ${m} min`, at: event.time, event };
}

export const tick = (m: number): Input => ({ label: `tick at ${m} min`, at: at(m), tick: true });

type SpotStateSeen = { status?: string; incident?: number; originalStrategy?: unknown };

/**
 * After a run that fell back once and returned: ECS on Spot again, one move each way, the
 * incident closed as number 1, and every deployment the guardrails started recorded as ours.
 */
export const returnedToSpot = (run: Observed): string[] => returnedTo(SPOT)(run);

/** The same truths for a service whose original strategy is `original`. */
export const returnedTo =
  (original: unknown) =>
  (run: Observed): string[] => {
    const out: string[] = [];
    if (!same(run.ecs.capacityProviderStrategy, original))
      out.push(`ECS runs the service on ${JSON.stringify(run.ecs.capacityProviderStrategy)}, not back on Fargate Spot`);
    const moves = run.actions.filter((a) => a.startsWith("strategy")).length;
    if (moves !== 2) out.push(`ECS's strategy was changed ${moves} time(s), not once each way`);
    const spot = run.state?.policies["spot-fallback"] as SpotStateSeen | undefined;
    if (spot?.status !== "normal" || spot.incident !== 1)
      out.push(
        `the Spot state is ${spot?.status ?? "missing"} (incident ${spot?.incident ?? "none"}), not normal after incident 1`,
      );
    if (!same(spot?.originalStrategy, original))
      out.push(`the saved original strategy is ${JSON.stringify(spot?.originalStrategy)}, not Spot`);
    if (run.attention) out.push("the service is still on the reconcile's attention list");
    for (const d of run.ecs.deployments.filter((d) => d.id !== "ecs-svc/1")) {
      const record = run.deployments.find((r) => r.deploymentId === d.id);
      if (record?.initiatedBy !== "guardrails:spot-fallback")
        out.push(`deployment ${d.id}, started by the guardrails, is not recorded as ours`);
    }
    for (const key of ["spot-fallback#fallback#1", "spot-fallback#restore#1"]) {
      const acted = run.decisions.filter((d) => d.eventId === key && verdictOf(d) === "acted").length;
      if (acted !== 1) out.push(`decision ${key} recorded as acted ${acted} time(s)`);
    }
    return out;
  };
