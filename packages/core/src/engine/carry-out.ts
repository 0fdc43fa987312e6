import type { GuardrailsConfig } from "../config/schema.ts";
import type { ServiceRef } from "../events/model.ts";
import { severityAtLeast } from "../notifications/notice.ts";
import type { DecisionRecord } from "../ports.ts";
import type { Mode } from "../policies/ids.ts";
import type { Decision, Snapshot } from "../policies/types.ts";
import { ecsExecutors, executeAction } from "./executors.ts";
import { applyGuards } from "./guards.ts";
import { noticeFor } from "./notices.ts";
import type { EngineDeps } from "./run.ts";
import { ServiceBusyError } from "../errors.ts";

export type EngineResult = { ref: ServiceRef; decision: Decision; record: DecisionRecord; duplicate: boolean };

/** Guard → claim → act → record → notify, for one decision. */
export async function carryOut(ref: ServiceRef, decision: Decision, mode: Mode, snapshot: Snapshot, deps: EngineDeps): Promise<EngineResult> {
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
    // A blocked decision changed nothing: the policy's state stays as it was.
    policyState: verdict === "block" ? undefined : decision.state,
  };
  if (claim === "duplicate") return { ref, decision, record, duplicate: true };
  if (claim === "locked") throw new ServiceBusyError(`another invocation is acting on ${ref.cluster}/${ref.service}`, { ...ref, key: decision.key });
  if (verdict === "act" && decision.action) {
    try {
      const outcome = await executeAction(ref, decision.action, snapshot.service, deps.executors ?? ecsExecutors(deps.ecs));
      record.counted = outcome.status === "done";
      record.recentActionTimes = recentActions(snapshot, deps.config, now);
      record.startedDeployment = outcome.deploymentId;
      record.rolledBack = decision.action.type === "rollback" ? decision.action.deploymentId : undefined;
      if (outcome.status === "already-done") record.guard = "ECS already shows the result of this action";
    } catch (error) {
      record.verdict = "failed";
      record.policyState = undefined;
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
