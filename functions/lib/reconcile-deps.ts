import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { AppAutoScalingTargets } from "@ecs-guardrails/aws/autoscaling/scalable-targets";
import { defaultClients, type Clients } from "./base.ts";
import type { ReconcileDeps } from "@ecs-guardrails/core/engine/reconcile";
import { engineDeps } from "./deps.ts";

// The reconcile needs the engine's half of the ingest's dependencies, and Application Auto
// Scaling for scheduled scaling (a tick-only policy). In a file of its own so that the ingest
// bundle holds neither the client nor, by the IAM derivation from code, its permissions.

export function reconcileDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<ReconcileDeps> = {},
  clients: Clients = defaultClients,
): ReconcileDeps {
  return {
    scalableTargets: new AppAutoScalingTargets(new ApplicationAutoScalingClient(clients("application-auto-scaling"))),
    ...engineDeps(env, overrides, clients),
  };
}
