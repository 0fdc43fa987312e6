import type { DecisionRecord } from "../../engine/ports.ts";
import type { Decision } from "../../model/decision.ts";
import type { HookAnswer } from "./answer.ts";
import type { HookInvocation } from "./invocation.ts";
import { serviceKey } from "../../model/service-ref.ts";
import { REVISION_JUDGE } from "../../roles.ts";

// A FAILED answer (or an observe-mode "would have failed", or a fault outcome) is a decision of
// the capability that judges revisions (roles.ts; its id is the key's prefix and the record's
// policy, as before): recorded with the engine's decision store under one key per
// deployment, so its notice goes out once however often ECS asks, and — when it rolls back —
// the deployment is marked rolled back by the guardrails, so the event-driven policy never
// acts on it a second time.

/** Whether this answer is a decision to tell people about (never in off mode: the policy is off). */
export function isNoticeworthy(a: HookAnswer): boolean {
  if (a.mode === "off") return false;
  return a.verdict === "FAILED" || (a.rule === "fault-outcome" && a.response.hookStatus === "SUCCEEDED");
}

/** One key per deployment and kind: a deployment let through unjudged may still be failed later, and told. */
export function hookDecisionKey(deploymentId: string, failing: boolean): string {
  return `${REVISION_JUDGE}#deployment-hook${failing ? "" : "-unjudged"}#${deploymentId}`;
}

export function hookDecision(i: HookInvocation, a: HookAnswer): Decision {
  const { cluster, service } = i.ref;
  const failing = a.verdict === "FAILED";
  return {
    policy: REVISION_JUDGE,
    key: hookDecisionKey(i.deploymentId, failing),
    action: undefined,
    severity: failing ? "critical" : "warning",
    title: failing
      ? `Roll back ${cluster}/${service} through its deployment lifecycle hook`
      : `Let the deployment of ${cluster}/${service} continue unjudged`,
    reason: `${i.stage}: ${a.reason}`,
    threadId: `${serviceKey(i.ref)}/${i.deploymentId}`,
    deploymentId: i.deploymentId,
    facts: {
      ...a.facts,
      deploymentId: i.deploymentId,
      serviceDeployment: i.resourceArn,
      targetRevision: i.targetRevisionArn,
      hookStatus: a.response.hookStatus,
    },
    nextSteps: failing
      ? [
          "Look at the target revision's stopped tasks and logs (`guardrails history --cluster <cluster> --service <service>`)",
          "Fix forward with a new revision; the hook judges that deployment too",
        ]
      : ["Look at the guardrails' logs: the hook could not read the history or ECS", "Watch this deployment yourself"],
  };
}

export function hookDecisionRecord(d: Decision, a: HookAnswer, time: string): DecisionRecord {
  const acted = a.response.hookStatus === "FAILED";
  return {
    key: d.key,
    policy: d.policy,
    time,
    mode: a.mode,
    verdict: acted ? "acted" : a.guard ? "blocked" : a.verdict === "FAILED" ? "observed" : "noted",
    title: d.title,
    reason: d.reason,
    guard: a.guard,
    action: undefined,
    // ECS rolls the deployment back on FAILED: the history says who caused it.
    rolledBack: acted ? d.deploymentId : undefined,
    startedDeployment: undefined,
    counted: false,
    deploymentId: d.deploymentId,
    facts: d.facts,
  };
}
