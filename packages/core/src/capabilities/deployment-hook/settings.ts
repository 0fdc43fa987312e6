import * as z from "../../zod.ts";
import { count } from "../../config/policy-settings.ts";

// The deployment hook's own settings (config key `deploymentHook`, docs/capabilities/deployment-hook.md). What counts as a bad revision — mode, failure threshold and classes, mapped alarms —
// is auto-rollback's, resolved per service with its overrides and tags: the hook is how
// auto-rollback acts on BLUE_GREEN / LINEAR / CANARY services, so it must judge the same way.

/** The stages a Lambda hook can run at (SDK `DeploymentLifecycleHookStage`, @aws-sdk/client-ecs 3.1162). */
export const HOOK_STAGES = [
  "RECONCILE_SERVICE",
  "PRE_SCALE_UP",
  "POST_SCALE_UP",
  "TEST_TRAFFIC_SHIFT",
  "POST_TEST_TRAFFIC_SHIFT",
  "PRE_PRODUCTION_TRAFFIC_SHIFT",
  "PRODUCTION_TRAFFIC_SHIFT",
  "POST_PRODUCTION_TRAFFIC_SHIFT",
] as const;
export type HookStage = (typeof HOOK_STAGES)[number];

/** What the hook answers once its own faults have lasted `maxFaults` invocations. */
export const FAULT_OUTCOMES = ["SUCCEEDED", "FAILED"] as const;

const shape = {
  /** How long the new revision must stay clean at a baking stage before the hook answers SUCCEEDED. */
  bakeMinutes: z._default(z.number().check(z.minimum(0), z.maximum(1440)), 5),
  /**
   * Stages that wait out the bake. The traffic-shift stages themselves are judged at once:
   * ECS re-runs them at every linear/canary step and during a rollback, where waiting only
   * slows traffic down.
   */
  bakeStages: z._default(z.array(z.enum(HOOK_STAGES)), [
    "POST_SCALE_UP",
    "POST_TEST_TRAFFIC_SHIFT",
    "POST_PRODUCTION_TRAFFIC_SHIFT",
  ]),
  /** Seconds ECS waits before invoking again after IN_PROGRESS (ECS's own default is 30). */
  callBackDelaySeconds: z._default(z.int().check(z.minimum(1), z.maximum(900)), 30),
  /** Invocations in a row that may fail on the hook's own faults (answered IN_PROGRESS) before `onFault`. */
  maxFaults: z._default(count(0), 5),
  /**
   * SUCCEEDED by default: the hook is a check added on top of the deployment, and a fault of
   * its own (history unreadable, ECS throttling) says nothing about the revision. Failing
   * would turn a guardrails outage into a rollback of every deployment in flight.
   */
  onFault: z._default(z.enum(FAULT_OUTCOMES), "SUCCEEDED"),
};

// prefault: an absent key is parsed as {}, so each setting's own default fills it in.
export const deploymentHookSettings = z.prefault(z.strictObject(shape), {});

export type DeploymentHookSettings = z.output<typeof deploymentHookSettings>;
