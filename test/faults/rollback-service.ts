import { deploymentStateChange, stops, taskStateChange } from "../../packages/sim/src/events/builders.ts";
import { at, ref, td } from "../support/rollout-scenario.ts";
import type { Input } from "../support/lambda.ts";
import type { Observed } from "./world.ts";

// prod/web for the rollback scenarios: web:41 completed as ecs-svc/1; web:42 is being rolled
// out as ecs-svc/2 with 4 tasks; the rollback goes back to web:41.

export { at, ref, service, td } from "../support/rollout-scenario.ts";
export const ROLLBACK_KEY = "auto-rollback#rollback#ecs-svc/2";

/** An EventBridge event as a Lambda input, delivered at its own time. */
export const input = (label: string, event: { id: string; time: string }): Input => ({ label, at: event.time, event });

export const deploymentHistory = (): Input[] => [
  input(
    "ecs-svc/1 in progress",
    deploymentStateChange({
      ...ref,
      deploymentId: "ecs-svc/1",
      eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
      time: at(0),
    }),
  ),
  input(
    "ecs-svc/1 completed",
    deploymentStateChange({
      ...ref,
      deploymentId: "ecs-svc/1",
      eventName: "SERVICE_DEPLOYMENT_COMPLETED",
      time: at(60),
    }),
  ),
  input(
    "ecs-svc/2 in progress",
    deploymentStateChange({
      ...ref,
      deploymentId: "ecs-svc/2",
      eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
      time: at(100),
    }),
  ),
];

export const crash = (n: number, s = 120 + n * 10): Input =>
  input(
    `crash ${n}`,
    taskStateChange({
      ...ref,
      taskId: `crash${n}`,
      deploymentId: "ecs-svc/2",
      taskDefinition: "web:42",
      version: 5,
      lastStatus: "STOPPED",
      time: at(s),
      stop: stops.crash(1),
    }),
  );

/** After any run: ECS runs web:41 again, and the history says who rolled what back. */
export function rolledBack(run: Observed): string[] {
  const out: string[] = [];
  const primary = run.ecs.deployments.find((d) => d.status === "PRIMARY")!;
  if (primary.taskDefinition !== td(41)) out.push(`ECS runs ${primary.taskDefinition}, not the known-good web:41`);
  const bad = run.deployments.find((d) => d.deploymentId === "ecs-svc/2");
  if (bad?.outcome !== "rolled-back" || bad.rolledBackBy !== "guardrails:auto-rollback")
    out.push(
      `ecs-svc/2 is ${bad?.outcome ?? "missing"} (by ${bad?.rolledBackBy ?? "nobody"}), not rolled back by guardrails:auto-rollback`,
    );
  const ours = run.deployments.find((d) => d.deploymentId === primary.id);
  if (
    primary.id !== "ecs-svc/2" &&
    (ours?.initiatedBy !== "guardrails:auto-rollback" || ours.rollbackOf !== "ecs-svc/2")
  ) {
    out.push(
      `the rollback deployment ${primary.id} is not recorded as ours (initiatedBy ${ours?.initiatedBy ?? "unset"}, rollbackOf ${ours?.rollbackOf ?? "unset"})`,
    );
  }
  const acted = run.decisions.filter(
    (d) => d.eventId === ROLLBACK_KEY && (d.data as { verdict?: string } | undefined)?.verdict === "acted",
  );
  if (acted.length !== 1) out.push(`the rollback decision is recorded as acted ${acted.length} time(s)`);
  return out;
}
