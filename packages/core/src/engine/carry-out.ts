import { randomUUID } from "node:crypto";
import type { GuardrailsConfig } from "../config/schema.ts";
import { ActionFailedError, ServiceBusyError } from "../errors.ts";
import type { ServiceRef } from "../events/model.ts";
import type { DecisionRecord, Seen } from "./ports.ts";
import type { OpenIntent, Decision, Action } from "../model/decision.ts";
import type { Mode } from "../config/policy-settings.ts";
import type { Snapshot } from "../model/snapshot.ts";
import { deliver, noticeWanted } from "./deliver.ts";
import { executeAction, executorOf, executorsFor } from "./executors.ts";
import type { ExecutorMap } from "./actions.ts";
import { readServiceDeployments } from "./service-deployments.ts";
import { applyGuards, type GuardVerdict } from "./guards.ts";
import type { EngineDeps } from "./deps.ts";

export type EngineResult = { ref: ServiceRef; decision: Decision; record: DecisionRecord; duplicate: boolean };

// One decision's lifecycle: guard → (claim + intent) → act → record → notify.
//  - A decision that does not act (noted, observed) is recorded and claimed in one write.
//  - A blocked or failed one is parked: recorded once per reason, retried, never final.
//  - One that acts first writes its intent (the service's lock) and only then calls ECS; a
//    retry that finds the intent open after its owner died completes it from what ECS shows.
//  - The message is part of the record (an outbox) and is delivered until SNS takes it.

export async function carryOut(
  ref: ServiceRef,
  decision: Decision,
  mode: Mode,
  snapshot: Snapshot,
  deps: EngineDeps,
): Promise<EngineResult> {
  const now = deps.clock.now();
  const guarded = applyGuards(decision, mode, deps.config, snapshot, now);
  const record = draft(decision, mode, guarded, now);
  const seen = seenBy(snapshot, decision.policy, now);
  // In observe too: one enforce's guard would block is parked, and retried in observe (parked.ts).
  if (guarded.verdict === "block") return park(ref, decision, record, deps, undefined);
  // An observed action counts as if taken wherever the guards read it (guards.ts).
  if (guarded.verdict === "observe")
    record.observedActionTimes = recent(snapshot.state?.observedActionTimes, deps.config, now);
  if (guarded.verdict !== "act") return finish(ref, decision, record, deps, undefined, snapshot, seen);
  const intent: OpenIntent = {
    key: record.key,
    owner: randomUUID(),
    until: until(now, deps.config),
    time: record.time,
    mode,
    decision,
  };
  const claim = await deps.store.claim(ref, intent, { now, lockSeconds: deps.config.guards.lockSeconds, seen });
  if (claim.status === "busy") throw busy(ref, record.key);
  if (claim.status === "done") return duplicate(ref, decision, record);
  return act(ref, intent, record, snapshot, deps);
}

/**
 * A notice of the guardrails themselves about the service (an ignored tag): recorded and
 * announced once per key. Judged on nothing the policies' state says, so it is not checked
 * against what another invocation saw (no Seen).
 */
export async function noteOnce(
  ref: ServiceRef,
  decision: Decision,
  mode: Mode,
  snapshot: Snapshot,
  deps: EngineDeps,
): Promise<EngineResult> {
  const record = draft(decision, mode, { verdict: "note", guard: undefined }, deps.clock.now());
  return finish(ref, decision, record, deps, undefined, snapshot);
}

/** Completes an intent whose owner died between claiming and recording: from what ECS shows now. */
export async function resumeIntent(
  ref: ServiceRef,
  intent: OpenIntent,
  snapshot: Snapshot,
  deps: EngineDeps,
): Promise<EngineResult> {
  const now = deps.clock.now();
  const owner = randomUUID();
  if (!(await deps.store.resume(ref, intent, owner, { now, lockSeconds: deps.config.guards.lockSeconds })))
    throw busy(ref, intent.key);
  const resumed = { ...intent, owner };
  const record = {
    ...draft(intent.decision, intent.mode, { verdict: "act", guard: undefined }, new Date(intent.time)),
    key: intent.key,
  };
  // The kill switch may have been thrown since: unless ECS already shows the result, honour it.
  if (deps.config.killSwitch && !inPlace(intent, snapshot, deps)) {
    return park(
      ref,
      intent.decision,
      { ...record, verdict: "blocked", guard: "the global kill switch is on", policyState: undefined },
      deps,
      owner,
    );
  }
  return act(ref, resumed, record, snapshot, deps, { resumed: true });
}

async function act(
  ref: ServiceRef,
  intent: OpenIntent,
  record: DecisionRecord,
  snapshot: Snapshot,
  deps: EngineDeps,
  options: { resumed?: boolean } = {},
): Promise<EngineResult> {
  const action = intent.decision.action!;
  try {
    const deployments = snapshot.serviceDeployments ?? (await serviceDeploymentsFor(ref, action, deps));
    const outcome = await executeAction(ref, action, snapshot.service, executorsOf(deps), deployments);
    if (outcome.status === "moot") {
      // Nothing was changed: recorded with why, and the claim is done (the moment has passed).
      Object.assign(record, { verdict: "noted", guard: outcome.reason, counted: false });
      return finish(ref, intent.decision, record, deps, intent.owner, snapshot);
    }
    // A resumed intent's change already in ECS was ours (the dead invocation's): it counts.
    record.counted = outcome.status === "done" || Boolean(options.resumed);
    record.startedDeployment = outcome.deploymentId;
    record.rolledBack = rolledBackBy(action, deps);
    if (outcome.status === "already-done" && !options.resumed)
      record.guard = "ECS already shows the result of this action";
  } catch (error) {
    await park(
      ref,
      intent.decision,
      { ...record, verdict: "failed", guard: `the action failed: ${(error as Error).message}`, policyState: undefined },
      deps,
      intent.owner,
    );
    throw new ActionFailedError((error as Error).message, { ...ref, key: intent.key }, { cause: error });
  }
  if (record.counted)
    record.recentActionTimes = recent(snapshot.state?.actionTimes, deps.config, new Date(record.time));
  return finish(ref, intent.decision, record, deps, intent.owner, snapshot);
}

/**
 * ECS's service deployments, when the action's result shows there and the snapshot has not read
 * them (an intent resumed from a fresh snapshot).
 */
export async function serviceDeploymentsFor(ref: ServiceRef, action: Action, deps: EngineDeps) {
  const since = executorsOf(deps)[action.type]?.readsServiceDeployments?.(action);
  return since ? readServiceDeployments(ref, deps.serviceDeployments, since) : undefined;
}

/** The registry's executors through the function's ports, unless the deps bring their own (tests). */
const registered = (deps: EngineDeps): ExecutorMap =>
  executorsFor({
    ecs: deps.ecs,
    scalableTargets: deps.scalableTargets,
    serviceDeployments: deps.serviceDeployments,
    clock: deps.clock,
  });
const executorsOf = (deps: EngineDeps): ExecutorMap => deps.executors ?? registered(deps);
const inPlace = (intent: OpenIntent, snapshot: Snapshot, deps: EngineDeps) =>
  executorOf(intent.decision.action!, executorsOf(deps)).inPlace(intent.decision.action!, snapshot.service) !==
  undefined;
/** The deployment an action rolls back, as its capability's executor names it (the history marks it). */
const rolledBackBy = (action: Action, deps: EngineDeps) =>
  (deps.executors?.[action.type]?.rolledBack ?? registered(deps)[action.type]?.rolledBack)?.(action);

async function finish(
  ref: ServiceRef,
  decision: Decision,
  record: DecisionRecord,
  deps: EngineDeps,
  owner: string | undefined,
  snapshot: Snapshot,
  seen?: Seen,
): Promise<EngineResult> {
  const notice = noticeWanted(ref, decision, record, deps.config);
  const result = await deps.store.complete(ref, record, notice, {
    owner,
    lockSeconds: deps.config.guards.lockSeconds,
    ...(seen ? { seen } : {}),
  });
  if (result.status === "busy") throw busy(ref, record.key);
  if (result.status === "done") return duplicate(ref, decision, record);
  if (owner || record.policyState) advanceRevision(snapshot, decision.policy);
  await deliver(ref, record.key, notice, deps);
  return { ref, decision, record, duplicate: false };
}

/** Blocked or failed: recorded and announced once per reason, then retried until it is done. */
async function park(
  ref: ServiceRef,
  decision: Decision,
  record: DecisionRecord,
  deps: EngineDeps,
  owner: string | undefined,
): Promise<EngineResult> {
  const notice = noticeWanted(ref, decision, record, deps.config);
  const result = await deps.store.park(ref, record, notice, {
    owner,
    decision,
    lockSeconds: deps.config.guards.lockSeconds,
  });
  if (result.status === "busy") throw busy(ref, record.key);
  if (result.status === "done") return duplicate(ref, decision, record);
  if (result.announced) await deliver(ref, record.key, notice, deps);
  return { ref, decision, record, duplicate: !result.announced };
}

/** Decided before (a redelivery): its message, if still undelivered, went out with the outbox. */
function duplicate(ref: ServiceRef, decision: Decision, record: DecisionRecord): EngineResult {
  return { ref, decision, record, duplicate: true };
}

/** The record as decided; the action's outcome fills in the rest. An observation is keyed apart, so it never stands in for the enforced decision. */
function draft(decision: Decision, mode: Mode, { verdict, guard }: GuardVerdict, now: Date): DecisionRecord {
  return {
    key: verdict !== "note" && mode !== "enforce" ? `${decision.key}@observe` : decision.key,
    policy: decision.policy,
    time: now.toISOString(),
    mode,
    verdict:
      verdict === "act" ? "acted" : verdict === "observe" ? "observed" : verdict === "block" ? "blocked" : "noted",
    title: decision.title,
    reason: decision.reason,
    guard,
    action: decision.action,
    rolledBack: undefined,
    startedDeployment: undefined,
    counted: false,
    deploymentId: decision.deploymentId,
    facts: decision.facts,
    severity: decision.severity,
    // A blocked decision changed nothing: the policy's state stays as it was.
    policyState: verdict === "block" ? undefined : decision.state,
  };
}

/** The service's automatic (or observed) actions inside the rate window, this one included (the lock serialises them). */
function recent(times: readonly string[] | undefined, config: GuardrailsConfig, now: Date): string[] {
  const since = now.getTime() - config.guards.rateWindowMinutes * 60_000;
  return [...(times ?? []).filter((t) => Date.parse(t) > since), now.toISOString()];
}

/** What the snapshot saw of the policy's view of the service (ports' Seen). */
export const seenBy = (snapshot: Snapshot, policy: string, now: Date): Seen => ({
  revision: snapshot.revisions?.[policy],
  now: now.toISOString(),
});

/** This invocation changed the policy's view (as the store counts it): its next decision stands on that. */
export function advanceRevision(snapshot: Snapshot, policy: string): void {
  snapshot.revisions = { ...snapshot.revisions, [policy]: (snapshot.revisions?.[policy] ?? 0) + 1 };
}

const until = (now: Date, config: GuardrailsConfig) =>
  new Date(now.getTime() + config.guards.lockSeconds * 1000).toISOString();
const busy = (ref: ServiceRef, key: string) =>
  new ServiceBusyError(`another invocation is acting on ${ref.cluster}/${ref.service}`, { ...ref, key });
