import { logServiceEvent, primaryOf } from "./context.ts";
import type { SimContext } from "./context.ts";
import { startDeployment } from "./deployments.ts";
import { EcsApiError, invalidParameter } from "./errors.ts";
import { requireServiceDeployment } from "./service-deployments-api.ts";
import { end, isActiveServiceDeployment, startRollback } from "./service-deployments.ts";
import type { Service, ServiceDeploymentRecord } from "./types.ts";

// StopServiceDeployment: ROLLBACK returns the service to the revision it deployed from — the
// task definition, capacity provider strategy and every other part of that revision — as part
// of the same service deployment (ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, then
// ROLLBACK_SUCCESSFUL or ROLLBACK_FAILED); ABORT stops it where it is (STOP_REQUESTED, then
// STOPPED). The request is accepted at once and acted on by the scheduler's next pass, as in ECS.
// A stop of one already stopping or rolling back is accepted and changes nothing; a finished
// one is refused with ConflictException (docs/design/aws-facts.md#service-deployments-and-revisions).

export type StopServiceDeploymentInput = { serviceDeploymentArn?: string; stopType?: string };

const STOP_TYPES = ["ROLLBACK", "ABORT"];

export function stopServiceDeployment(ctx: SimContext, input: StopServiceDeploymentInput) {
  const stopType = input.stopType ?? "ROLLBACK";
  if (!STOP_TYPES.includes(stopType)) throw invalidParameter(`stopType must be one of ${STOP_TYPES.join(", ")}.`);
  const sd = requireServiceDeployment(ctx, input.serviceDeploymentArn);
  if (!isActiveServiceDeployment(sd)) throw notStoppable(sd);
  // One already stopping or rolling back goes on doing so: a repeated stop changes nothing.
  if (sd.status !== "IN_PROGRESS" && sd.status !== "PENDING") return { serviceDeploymentArn: sd.arn };
  const service = serviceOfDeployment(ctx, sd);
  if (stopType === "ROLLBACK") requestRollback(ctx, service, sd, "Stopped by StopServiceDeployment (ROLLBACK).");
  else requestAbort(ctx, service, sd);
  return { serviceDeploymentArn: sd.arn };
}

/** Rolls a service deployment back to its source revision, all of it; shared with pause hooks. */
export function requestRollback(ctx: SimContext, service: Service, sd: ServiceDeploymentRecord, reason: string): void {
  const source = sourceToReturnTo(service, sd);
  if (!source) throw invalidParameter("The service deployment has no earlier service revision to roll back to.");
  sd.status = "ROLLBACK_REQUESTED";
  startRollback(ctx, sd, source, reason);
  ctx.timeline.at(ctx.timeline.now(), () => {
    if (sd.status !== "ROLLBACK_REQUESTED") return;
    const revision = ctx.serviceRevisions.get(source);
    if (!revision) {
      end(ctx, service, sd, "ROLLBACK_FAILED", "The service revision to roll back to is gone.");
      return;
    }
    sd.status = "ROLLBACK_IN_PROGRESS";
    service.revisionConfig = structuredClone(revision.config);
    logServiceEvent(ctx, service, `(service deployment ${sd.arn}) rolling back to service revision ${revision.arn}.`);
    startDeployment(ctx, service, {
      taskDefinitionArn: revision.taskDefinitionArn,
      capacityProviderStrategy: revision.capacityProviderStrategy,
      continues: sd.arn,
    });
  });
}

function requestAbort(ctx: SimContext, service: Service, sd: ServiceDeploymentRecord): void {
  sd.status = "STOP_REQUESTED";
  sd.updatedAt = ctx.timeline.now();
  ctx.timeline.at(ctx.timeline.now(), () => {
    if (sd.status !== "STOP_REQUESTED") return;
    // The simulator's way of stopping where it is: the deployment launches nothing more, as a
    // breaker-failed one without rollback (scheduler.ts).
    const primary = primaryOf(service);
    if (primary.id === sd.targetDeploymentId && primary.rolloutState === "IN_PROGRESS") {
      primary.rolloutState = "FAILED";
      primary.rolloutStateReason = "Service deployment stopped (ABORT).";
      primary.updatedAt = ctx.timeline.now();
    }
    end(ctx, service, sd, "STOPPED", "Stopped by StopServiceDeployment (ABORT).");
    ctx.hooks.reconcileSoon(service);
  });
}

/** The source revision the service last completed, else the first source revision. */
function sourceToReturnTo(service: Service, sd: ServiceDeploymentRecord): string | undefined {
  const good = service.lastCompleted?.serviceRevisionArn;
  if (good && sd.sourceRevisionArns.includes(good)) return good;
  return sd.sourceRevisionArns[0];
}

function notStoppable(sd: ServiceDeploymentRecord): EcsApiError {
  return new EcsApiError(
    "ConflictException",
    `The service deployment is ${sd.status}; only one that has not finished can be stopped.`,
    { resourceIds: [sd.arn] },
  );
}

export function serviceOfDeployment(ctx: SimContext, sd: ServiceDeploymentRecord): Service {
  const service = ctx.services.get(sd.serviceArn);
  if (!service) throw new EcsApiError("ServiceDeploymentNotFoundException", `The service of ${sd.arn} is gone.`);
  return service;
}
