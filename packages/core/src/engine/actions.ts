import type { ServiceRef } from "../model/service-ref.ts";
import type { ServiceDescription } from "../model/description.ts";
import type {
  HookAction,
  RangeChange,
  ScalableTargets,
  ServiceChange,
  ServiceDeploymentGateway,
  ServiceGateway,
} from "./gateways.ts";
import type { Action } from "../model/decision.ts";
import type { ServiceDeploymentsView } from "../model/revision-settings.ts";

/**
 * What an action changes, for the engine to make through its ports (engine/executors.ts): an
 * UpdateService (`startsDeployment`: the answer's new deployment is the action's), a
 * StopServiceDeployment with ROLLBACK of an in-progress service deployment, a scalable
 * target's min/max, or a paused lifecycle hook's answer; undefined when there is nothing to change.
 */
export type ActionChange =
  | { service: ServiceChange; startsDeployment: boolean }
  | { stopDeployment: { serviceDeploymentArn: string; deploymentId: string } }
  | { scalableTarget: RangeChange }
  | { lifecycleHook: HookAnswer }
  | undefined;

/**
 * ContinueServiceDeployment for one paused hook, made only while ECS still shows the hook
 * AWAITING_ACTION and `notAfter` (short of its expiry) has not passed: re-read first, since
 * ECS may have moved on (a person answered, the hook timed out) since the decision.
 */
export type HookAnswer = { serviceDeploymentArn: string; hookId: string; action: HookAction; notAfter: string };

/**
 * One kind of action. `inPlace` tells from the target's current description whether the
 * action's result is already there (a retry, or an intent left open by a crash), so the change
 * is never made twice. A capability's executor says what the action changes (`change`); the
 * engine makes the change, so only the functions that act reach the calls that change AWS (the
 * permissions are derived from the calls a bundle can reach). A bound executor (or a test's)
 * makes it itself (`apply`). `rolledBack`: for an action that rolls a deployment back, that
 * deployment (the history marks it). `readsServiceDeployments`: the action's result shows in
 * ECS's service deployments too (a rollback ECS runs): the engine reads those created since the
 * time it returns before deciding and acting, and gives them to `inPlace`.
 */
export interface ActionExecutor<A extends Action> {
  inPlace(
    action: A,
    service: ServiceDescription | undefined,
    deployments?: ServiceDeploymentsView,
  ): { deploymentId: string | undefined } | undefined;
  readsServiceDeployments?(action: A): string | undefined;
  change?(action: A): ActionChange;
  apply?(ref: ServiceRef, action: A): Promise<Applied>;
  rolledBack?(action: A): string | undefined;
}

/**
 * The executors by action type, as the engine runs them (registry.ts types them precisely: its
 * Executors). Methods are bivariant, so a capability's own executor fits here.
 */
export type ExecutorMap = Readonly<Record<string, ActionExecutor<Action>>>;

/**
 * What applying an action did; `shown`: nothing, because the target already shows the action's
 * result (an earlier attempt's, whose answer was lost); `moot`: nothing, because the target moved
 * on some other way (why, in words).
 */
export type Applied = { deploymentId: string | undefined; shown?: boolean; moot?: string };

/** The ports an action's change is made through. */
export type ExecutorPorts = {
  ecs: ServiceGateway;
  scalableTargets?: ScalableTargets | undefined;
  serviceDeployments?: ServiceDeploymentGateway | undefined;
  /** When a hook's answer is too late (notAfter): the function's clock. */
  clock?: { now(): Date } | undefined;
};
