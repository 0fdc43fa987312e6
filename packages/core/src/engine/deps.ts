import type { GuardrailsConfig } from "../config/schema.ts";
import type { Notifier } from "../notifications/notice.ts";
import type { RegisteredPolicy } from "../registry.ts";
import type { ExecutorMap } from "./actions.ts";
import type { ImportPorts } from "./import-history.ts";
import type {
  Clock,
  EventDecisionStore,
  HistoryReader,
  HistoryWriter,
  ScalableTargets,
  ServiceDeploymentGateway,
  ServiceGateway,
} from "./ports.ts";

// What the engine runs with: the configuration and the ports of the function it runs in.

export type EngineDeps = {
  config: GuardrailsConfig;
  /** The events' side of the store: the reconcile's deps add the rest (engine/reconcile.ts ReconcileDeps). */
  store: EventDecisionStore;
  /** `recordObserved`: where a snapshot's sight of a known-good deployment is written (history/observed.ts). */
  history: Pick<HistoryReader, "timeline"> & Partial<Pick<HistoryWriter, "recordObserved">>;
  ecs: ServiceGateway;
  notifier: Notifier;
  clock: Clock;
  /**
   * Application Auto Scaling (scalable targets): read when a policy needs the service's target
   * (scheduled scaling), written by the `scale` action's min/max. Absent in a function that
   * never scales (the ingest); a policy that needs it then fails the service's tick.
   */
  scalableTargets?: ScalableTargets;
  /**
   * ECS's service deployments: read before a rollback, and stopped with ROLLBACK during one; a
   * paused deployment's hook is re-read and answered through them. Absent: a rollback restores
   * the task definition alone, as before ECS had these calls, and a hook's answer fails.
   */
  serviceDeployments?: ServiceDeploymentGateway;
  /** How actions are carried out; by default through ECS (`ecs`) and Application Auto Scaling. */
  executors?: ExecutorMap;
  policies?: RegisteredPolicy[];
  /** ECS's deployment history, imported at the first sight of a service (engine/first-sight.ts); absent: never imported. */
  imports?: ImportPorts;
};
