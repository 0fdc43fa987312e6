import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { AppAutoScalingTargets } from "@ecs-guardrails/aws/autoscaling/scalable-targets";
import { type ClientSettings, defaultClients, type Clients } from "./base.ts";
import type { ReconcileDeps } from "@ecs-guardrails/core/engine/reconcile";
import type { ReconcileHandlerDeps } from "../handlers/reconcile.ts";
import { engineDeps } from "./deps.ts";

// The reconcile needs the engine's half of the ingest's dependencies, and Application Auto
// Scaling for scheduled scaling (a tick-only policy). In a file of its own so that the ingest
// bundle holds neither the client nor, by the IAM derivation from code, its permissions.

export function reconcileDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<ReconcileDeps> = {},
  clients: Clients = defaultClients,
): ReconcileHandlerDeps {
  // A member's scheduled scaling goes through its own Application Auto Scaling, as its role.
  const aas = (settings: ClientSettings) => new AppAutoScalingTargets(new ApplicationAutoScalingClient(settings));
  return {
    scalableTargets: aas(clients("application-auto-scaling")),
    ...engineDeps(env, overrides, clients, (_, __, settingsOf) => ({
      scalableTargets: aas(settingsOf("application-auto-scaling")),
    })),
  };
}
