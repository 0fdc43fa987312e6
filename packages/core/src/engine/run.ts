import type { GuardrailsConfig } from "../config/schema.ts";
import { resolveSettings } from "../config/resolve.ts";
import { GuardrailsError } from "../errors.ts";
import type { GuardrailsEvent, ServiceRef } from "../events/model.ts";
import { severityAtLeast, type Notifier } from "../notifications/notice.ts";
import type { Clock, DecisionRecord, DecisionStore, ServiceGateway } from "../ports.ts";
import { eventPolicies, type RegisteredPolicy } from "../policies/registry.ts";
import type { Decision, Snapshot } from "../policies/types.ts";
import type { Mode } from "../policies/ids.ts";
import { executeAction } from "./act.ts";
import { applyGuards } from "./guards.ts";
import { noticeFor } from "./notices.ts";

// The one pipeline every policy runs through: load → decide → guard → act → record → notify.

export type EngineDeps = {
  config: GuardrailsConfig;
  store: DecisionStore;
  ecs: ServiceGateway;
  notifier: Notifier;
  clock: Clock;
  policies?: RegisteredPolicy[];
};

export type EngineResult = { ref: ServiceRef; decision: Decision; record: DecisionRecord; duplicate: boolean };

/** Another invocation holds the service's action lock: retry later (Lambda does). */
export class ServiceBusyError extends GuardrailsError {
  override name = "ServiceBusyError";
}

export async function runPolicies(event: GuardrailsEvent, ref: ServiceRef, deps: EngineDeps): Promise<EngineResult[]> {
  const candidates = (deps.policies ?? eventPolicies).filter((p) => p.policy.interestedIn(event));
  if (candidates.length === 0) return [];
  const snapshot = await loadSnapshot(ref, deps);
  const { inScope, policies: settings } = resolveSettings(deps.config, ref, snapshot.service?.tags);
  if (!inScope) return [];
  const now = deps.clock.now();
  const results: EngineResult[] = [];
  for (const { policy, settings: pick } of candidates) {
    const policySettings = pick(settings) as { mode: Mode };
    if (policySettings.mode === "off") continue;
    const decisions = (policy.decide as (c: unknown) => Decision[])({ event, snapshot, settings: policySettings, now });
    for (const decision of decisions) results.push(await carryOut(ref, decision, policySettings.mode, snapshot, deps));
  }
  return results;
}

async function loadSnapshot(ref: ServiceRef, deps: EngineDeps): Promise<Snapshot> {
  const [history, service] = await Promise.all([deps.store.loadHistory(ref), deps.ecs.describeService(ref)]);
  return { ref, ...history, service };
}

async function carryOut(ref: ServiceRef, decision: Decision, mode: Mode, snapshot: Snapshot, deps: EngineDeps): Promise<EngineResult> {
  const now = deps.clock.now();
  const { verdict, guard } = applyGuards(decision, mode, deps.config, snapshot, now);
  const claim = await deps.store.claim(ref, decision.key, { now, lockSeconds: deps.config.guards.lockSeconds, lock: verdict === "act" });
  const record: DecisionRecord = {
    key: decision.key,
    policy: decision.policy,
    time: now.toISOString(),
    mode,
    verdict: verdict === "act" ? "acted" : verdict === "observe" ? "observed" : verdict === "block" ? "blocked" : "noted",
    title: decision.title,
    reason: decision.reason,
    guard,
    action: decision.action,
    rolledBack: undefined,
    startedDeployment: undefined,
    counted: false,
    deploymentId: decision.deploymentId,
    facts: decision.facts,
  };
  if (claim === "duplicate") return { ref, decision, record, duplicate: true };
  if (claim === "locked") throw new ServiceBusyError(`another invocation is acting on ${ref.cluster}/${ref.service}`, { ...ref, key: decision.key });
  if (verdict === "act" && decision.action) {
    try {
      const outcome = await executeAction(ref, decision.action, snapshot, deps.ecs);
      record.counted = outcome.status === "done";
      record.recentActionTimes = recentActions(snapshot, deps.config, now);
      record.startedDeployment = outcome.deploymentId;
      record.rolledBack = decision.action.type === "rollback" ? decision.action.deploymentId : undefined;
      if (outcome.status === "already-done") record.guard = "ECS already shows the result of this action";
    } catch (error) {
      record.verdict = "failed";
      record.guard = `the action failed: ${(error as Error).message}`;
      await deps.store.complete(ref, record);
      await notify(ref, decision, record, deps);
      throw error;
    }
  }
  await deps.store.complete(ref, record);
  await notify(ref, decision, record, deps);
  return { ref, decision, record, duplicate: false };
}

function recentActions(snapshot: Snapshot, config: GuardrailsConfig, now: Date): string[] {
  const since = now.getTime() - config.guards.rateWindowMinutes * 60_000;
  return [...(snapshot.state?.actionTimes ?? []).filter((t) => Date.parse(t) > since), now.toISOString()];
}

async function notify(ref: ServiceRef, decision: Decision, record: DecisionRecord, deps: EngineDeps): Promise<void> {
  const notice = noticeFor(ref, decision, record);
  if (severityAtLeast(notice.severity, deps.config.notifications.minSeverity)) await deps.notifier.publish(notice);
}
