import type { ServiceRef } from "../model/service-ref.ts";
import type { ServiceDescription } from "../model/description.ts";
import type { ScalableTargets, ServiceGateway } from "./gateways.ts";
import type { Action } from "../model/decision.ts";


/**
 * Carries out one kind of action. `inPlace` tells from the target's current description whether
 * the action's result is already there (a retry, or an intent left open by a crash), so the
 * change is never made twice; `apply` makes it; `rolledBack`, for an action that rolls a
 * deployment back, names that deployment (the history marks it).
 */
export interface ActionExecutor<A extends Action> {
  inPlace(action: A, service: ServiceDescription | undefined): { deploymentId: string | undefined } | undefined;
  apply(ref: ServiceRef, action: A): Promise<{ deploymentId: string | undefined }>;
  rolledBack?(action: A): string | undefined;
}

/**
 * The executors by action type, as the engine runs them (registry.ts types them precisely: its
 * Executors). Methods are bivariant, so a capability's own executor fits here.
 */
export type ExecutorMap = Readonly<Record<string, ActionExecutor<Action>>>;

/** The ports an executor may act through; each capability's executors take what they need. */
export type ExecutorPorts = { ecs: ServiceGateway; scalableTargets?: ScalableTargets | undefined };
