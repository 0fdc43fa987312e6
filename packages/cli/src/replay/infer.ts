import type { GuardrailsEvent } from "@ecs-guardrails/core/events/model";
import { placeOf } from "@ecs-guardrails/core/model/service-ref";
import { deploymentKey, revisionName, serviceKey } from "./facts.ts";
import type { ScenarioService } from "./input.ts";

// What a stream tells about the services it comes from, read once before the replay starts:
// - every deployment's revision, from the task events whose `startedBy` names it;
// - for services the scenario does not describe (plain streams), the whole starting state:
//   the deployments that existed before the recording (named by events but never started in
//   it), their revisions, the desired count, the capacity providers, the circuit breaker.
// What the stream cannot tell is listed as unknown, and the output says so.

export type InferredService = ScenarioService & { unknown: string[] };

export type StreamKnowledge = {
  /** deploymentKey → task definition ("family:revision"). */
  revisions: Map<string, string>;
  /** Services named by events but absent from the scenario, in order of first appearance. */
  inferred: InferredService[];
  /** Capacity providers seen per cluster (Auto Scaling group providers included), keyed by clusterKey. */
  providers: Map<string, Set<string>>;
};

/** A cluster's key in `providers`: its name, after its place for a member's. */
export const clusterKey = (
  cluster: string,
  place: { account?: string | undefined; region?: string | undefined } = {},
) => serviceKey(cluster, "", place);

type Seen = {
  account?: string | undefined;
  region?: string | undefined;
  cluster: string;
  service: string;
  /** Deployment id → first appearance index, whether that was its IN_PROGRESS, last appearance. */
  deployments: Map<string, { first: number; started: boolean; last: number }>;
  running: Map<string, Set<string>>;
  maxRunning: number;
  providers: Set<string>;
  launchTypes: Set<string>;
  breaker: "rollback" | "no-rollback" | undefined;
  failedWithoutRollback: boolean;
};

export function learn(
  events: readonly (GuardrailsEvent | undefined)[],
  described: ReadonlySet<string>,
): StreamKnowledge {
  const revisions = new Map<string, string>();
  const seen = new Map<string, Seen>();
  const providers = new Map<string, Set<string>>();
  events.forEach((event, index) => {
    if (!event) return;
    if (event.kind === "task" && event.service && event.deploymentId && event.taskDefinitionArn) {
      const key = deploymentKey(event.cluster, event.service, event.deploymentId, event);
      if (!revisions.has(key)) revisions.set(key, revisionName(event.taskDefinitionArn));
    }
    if (event.kind === "task" && event.capacityProviderName) {
      const set = providers.get(clusterKey(event.cluster, event)) ?? new Set<string>();
      providers.set(clusterKey(event.cluster, event), set.add(event.capacityProviderName));
    }
    const s = serviceOf(event, seen);
    if (s) note(s, event, index);
  });
  const inferred = [...seen.values()]
    .filter((s) => !described.has(serviceKey(s.cluster, s.service, s)))
    .map((s) => infer(s, revisions));
  return { revisions, inferred, providers };
}

function serviceOf(event: GuardrailsEvent, seen: Map<string, Seen>): Seen | undefined {
  const ref =
    event.kind === "task"
      ? event.service
        ? event
        : undefined
      : event.kind === "deployment" || event.kind === "service-action"
        ? event
        : undefined;
  if (!ref?.service) return undefined;
  const key = serviceKey(ref.cluster, ref.service, event);
  let s = seen.get(key);
  if (!s) {
    s = {
      ...placeOf(event),
      cluster: ref.cluster,
      service: ref.service,
      deployments: new Map(),
      running: new Map(),
      maxRunning: 0,
      providers: new Set(),
      launchTypes: new Set(),
      breaker: undefined,
      failedWithoutRollback: false,
    };
    seen.set(key, s);
  }
  return s;
}

function note(s: Seen, event: GuardrailsEvent, index: number): void {
  const touch = (id: string, started: boolean) => {
    const d = s.deployments.get(id);
    if (d) d.last = index;
    else s.deployments.set(id, { first: index, started, last: index });
  };
  if (event.kind === "deployment") {
    touch(event.deploymentId, event.eventName === "SERVICE_DEPLOYMENT_IN_PROGRESS");
    if (event.rollbackTo) [s.breaker, s.failedWithoutRollback] = ["rollback", false];
    if (event.eventName === "SERVICE_DEPLOYMENT_FAILED") s.failedWithoutRollback = true;
  } else if (event.kind === "task" && event.deploymentId) {
    touch(event.deploymentId, false);
    if (event.capacityProviderName) s.providers.add(event.capacityProviderName);
    else if (event.launchType) s.launchTypes.add(event.launchType);
    const running = s.running.get(event.deploymentId) ?? new Set<string>();
    s.running.set(event.deploymentId, running);
    if (event.lastStatus === "RUNNING" && event.desiredStatus === "RUNNING") running.add(event.taskArn);
    else running.delete(event.taskArn);
    s.maxRunning = Math.max(s.maxRunning, running.size);
  } else if (event.kind === "service-action") {
    for (const p of event.capacityProviders) s.providers.add(p);
  }
}

function infer(s: Seen, revisions: ReadonlyMap<string, string>): InferredService {
  const unknown: string[] = [];
  const revision = (id: string) => revisions.get(deploymentKey(s.cluster, s.service, id, s));
  // Deployments that existed before the recording: named, but not started, in it.
  const before = [...s.deployments].filter(([, d]) => !d.started).sort((a, b) => b[1].last - a[1].last);
  const first = [...s.deployments].sort((a, b) => a[1].first - b[1].first)[0];
  const seeds = before.length > 0 ? before : first ? [first] : [];
  const placeholder = `${s.service}-unknown:1`;
  const deployments = seeds.map(([id, d], i) => ({
    id,
    taskDefinition: revision(id) ?? placeholder,
    status: i === 0 ? ("PRIMARY" as const) : ("ACTIVE" as const),
    rolloutState: d.started ? ("IN_PROGRESS" as const) : ("COMPLETED" as const),
  }));
  if (deployments.some((d) => d.taskDefinition === placeholder)) unknown.push("taskDefinition");
  if (before.length === 0) unknown.push("deployments before the recording");
  if (s.maxRunning === 0) unknown.push("desiredCount");
  const strategy = [...s.providers].sort().map((capacityProvider) => ({ capacityProvider, base: 0, weight: 1 }));
  if (strategy.length > 1) unknown.push("capacityProviderStrategy weights");
  const breaker =
    s.breaker === "rollback"
      ? { enable: true, rollback: true }
      : s.failedWithoutRollback
        ? { enable: true, rollback: false }
        : undefined;
  if (!breaker) unknown.push("deploymentCircuitBreaker");
  unknown.push("deploymentController");
  return {
    ...placeOf(s),
    cluster: s.cluster,
    name: s.service,
    taskDefinition: deployments[0]?.taskDefinition ?? placeholder,
    desiredCount: s.maxRunning,
    ...(strategy.length > 0 ? { capacityProviderStrategy: strategy } : {}),
    ...(breaker ? { deploymentConfiguration: { deploymentCircuitBreaker: breaker } } : {}),
    deployments,
    unknown,
  };
}
