import { serviceAction } from "../../packages/core/src/events/builders.ts";
import { same, verdictOf } from "./checks.ts";
import { faultMatrix } from "./matrix.ts";
import type { Observed } from "./world.ts";

// prod/queue runs on Fargate Spot; ECS cannot place its tasks, the guardrails move it to
// on-demand Fargate, a reconcile tick in the cool-down does nothing, and the tick after the
// 30-minute cool-down returns it to Spot.

const ref = { cluster: "prod", service: "queue" };
const T0 = Date.parse("2026-11-20T10:00:00Z");
const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
const SPOT = [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }];
const placementFailure = serviceAction({ ...ref, eventName: "SERVICE_TASK_PLACEMENT_FAILURE", reason: "RESOURCE:FARGATE", capacityProviders: ["FARGATE_SPOT"], time: at(1) });

function returnedToSpot(run: Observed): string[] {
  const out: string[] = [];
  if (!same(run.ecs.capacityProviderStrategy, SPOT)) out.push(`ECS runs the service on ${JSON.stringify(run.ecs.capacityProviderStrategy)}, not back on Fargate Spot`);
  const spot = run.state?.policies["spot-fallback"] as { status?: string; incident?: number; originalStrategy?: unknown } | undefined;
  if (spot?.status !== "normal" || spot.incident !== 1) out.push(`the Spot state is ${spot?.status ?? "missing"} (incident ${spot?.incident ?? "none"}), not normal after incident 1`);
  if (!same(spot?.originalStrategy, SPOT)) out.push(`the saved original strategy is ${JSON.stringify(spot?.originalStrategy)}, not Spot`);
  if (run.attention) out.push("the service is still on the reconcile's attention list");
  for (const d of run.ecs.deployments.filter((d) => d.id !== "ecs-svc/1")) {
    const record = run.deployments.find((r) => r.deploymentId === d.id);
    if (record?.initiatedBy !== "guardrails:spot-fallback") out.push(`deployment ${d.id}, started by the guardrails, is not recorded as ours`);
  }
  for (const key of ["spot-fallback#fallback#1", "spot-fallback#restore#1"]) {
    const acted = run.decisions.filter((d) => d.eventId === key && verdictOf(d) === "acted").length;
    if (acted !== 1) out.push(`decision ${key} recorded as acted ${acted} time(s)`);
  }
  return out;
}

await faultMatrix({
  id: "spot-fallback-return",
  title: "Spot fallback on a placement failure, and the return on the reconcile after the cool-down",
  config: { policies: { "spot-fallback": { mode: "enforce" } } },
  service: {
    ...ref,
    desiredCount: 4,
    capacityProviderStrategy: SPOT,
    deployments: [{ id: "ecs-svc/1", status: "PRIMARY", taskDefinition: "arn:aws:ecs:us-east-1:111122223333:task-definition/queue:7", rolloutState: "COMPLETED", createdAt: new Date(at(-60)) }],
  },
  inputs: [
    { label: "placement failure", at: placementFailure.time, event: placementFailure },
    { label: "tick at 10 min", at: at(10), tick: true },
    { label: "tick at 35 min", at: at(35), tick: true },
  ],
  truths: returnedToSpot,
});
