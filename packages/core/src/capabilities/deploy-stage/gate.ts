import type { ServiceRef } from "../../events/model.ts";
import type { DeploymentRecord, ServiceState } from "../../history/model.ts";
import type { Mode } from "../../config/policy-settings.ts";
import { deployHolds } from "../../roles.ts";
import { currentDeploymentId, lastKnownGood } from "../../model/deployments.ts";
import type { ServiceDescription } from "../../model/description.ts";
import type { Snapshot } from "../../model/snapshot.ts";
import { activeFreeze, type FreezeWindow } from "./freezes.ts";
import type { LetThrough } from "./let-through.ts";

// The gate before a deploy action: a pure judgement of the service as the history and ECS show
// it. Each blocker has a class (for tests, filters and the history) and a sentence (for people).

export const GATE_REASONS = ["deployment-failing", "rollback-in-progress", "alarm", "kill-switch", "freeze"] as const;
/** A reason of the gate's own, or the id of a capability whose state holds deploys (roles.ts). */
export type GateReason = (typeof GATE_REASONS)[number] | (string & {});
export type Blocker = { reason: GateReason; text: string };

export type GateInput = {
  ref: ServiceRef;
  state: ServiceState | undefined;
  deployments: DeploymentRecord[];
  service: ServiceDescription | undefined;
  /** The alarms mapped to the service (auto-rollback's `alarms`). */
  alarms: readonly string[];
  killSwitch: boolean;
  freezes: readonly FreezeWindow[];
  mode: Mode;
  now: Date;
  /** A person's override for this pipeline execution (let-through.ts): a block becomes a pass, said out loud. */
  letThrough?: LetThrough | undefined;
};

/**
 * `passed`, `blocked` (enforce: the job fails), `would-have-blocked` (observe), `off` (not
 * checked), `let-through` (enforce would block, a person let this execution through).
 */
export type GateVerdict = "passed" | "blocked" | "would-have-blocked" | "off" | "let-through";

export type GateDecision = {
  verdict: GateVerdict;
  blockers: Blocker[];
  reason: string;
  outputs: { lastKnownGood: string; currentDeploymentId: string; gate: GateVerdict; history: "empty" | "recorded" };
  /** No deployment recorded for the service: the history had nothing to judge, and the gate says so. */
  historyEmpty: boolean;
  /** The override the gate honoured (verdict let-through). */
  letThrough?: LetThrough | undefined;
};

export function decideGate(input: GateInput): GateDecision {
  const snapshot: Snapshot = {
    ref: input.ref,
    state: input.state,
    deployments: input.deployments,
    service: input.service,
    recent: [],
  };
  const current = currentDeploymentId(snapshot);
  const blockers = input.mode === "off" ? [] : blockersOf(input, snapshot);
  const verdict: GateVerdict =
    input.mode === "off"
      ? "off"
      : blockers.length === 0
        ? "passed"
        : input.mode !== "enforce"
          ? "would-have-blocked"
          : input.letThrough
            ? "let-through"
            : "blocked";
  // An empty history (a fresh install, a new service) cannot show a failing deployment or a
  // rollback: the gate still checks what ECS lists, the kill switch and freezes, and says that
  // the rest went unjudged rather than passing silently.
  const historyEmpty = input.deployments.length === 0;
  const empty = historyEmpty
    ? `history empty: no deployment of ${input.ref.cluster}/${input.ref.service} recorded yet, nothing to judge from it; `
    : "";
  const override = verdict === "let-through" && input.letThrough ? overrideText(input.letThrough) : "";
  const reason =
    verdict === "off"
      ? "the gate is off (pipeline.gate.mode): nothing was checked"
      : blockers.length === 0
        ? `${empty}no failing deployment, rollback, Spot fallback, alarm in ALARM, kill switch or freeze`
        : `${override}${empty}${blockers.map((b) => b.text).join("; ")}`;
  return {
    verdict,
    blockers,
    reason,
    outputs: {
      lastKnownGood: lastKnownGood(snapshot, []) ?? "none",
      currentDeploymentId: current ?? "none",
      gate: verdict,
      history: historyEmpty ? "empty" : "recorded",
    },
    historyEmpty,
    ...(verdict === "let-through" ? { letThrough: input.letThrough } : {}),
  };
}

const overrideText = (o: LetThrough) => `let through by ${o.by}: "${o.reason}" (at ${o.at}), over: `;

function blockersOf(input: GateInput, snapshot: Snapshot): Blocker[] {
  return [
    ...deploymentBlockers(snapshot),
    ...capabilityBlockers(snapshot),
    ...alarmBlockers(input),
    ...killSwitch(input),
    ...freezeBlockers(input),
  ];
}

const COUNTED = ["crash", "out-of-memory", "health-check", "failed-to-start"] as const;

function deploymentBlockers(s: Snapshot): Blocker[] {
  const out: Blocker[] = [];
  for (const d of s.service?.deployments ?? []) {
    const record = s.deployments.find((r) => r.deploymentId === d.id);
    if (d.rolloutState === "FAILED")
      out.push({
        reason: "deployment-failing",
        text: `deployment ${d.id} (${revision(d.taskDefinition)}) has FAILED and is being replaced`,
      });
    else if (d.rolloutState === "IN_PROGRESS" && record?.rollbackOf)
      out.push({
        reason: "rollback-in-progress",
        text: `deployment ${d.id} is rolling back ${record.rollbackOf} (${record.initiatedBy ?? "ECS"})`,
      });
    else if (d.rolloutState === "IN_PROGRESS" && record && failed(record) > 0)
      out.push({
        reason: "deployment-failing",
        text: `deployment ${d.id} (${revision(d.taskDefinition)}) is in progress with failed tasks: ${failureText(record)}`,
      });
  }
  // ECS no longer lists a deployment it has given up on once its rollback completed; the history
  // still knows a rollback that is not over (its own deployment not completed yet).
  const primary = s.service?.deployments.find((d) => d.status === "PRIMARY");
  const rollback = s.deployments.find(
    (r) => r.rollbackOf && r.outcome === "in-progress" && (!primary || r.deploymentId === primary.id),
  );
  if (rollback && !out.some((b) => b.reason === "rollback-in-progress"))
    out.push({
      reason: "rollback-in-progress",
      text: `deployment ${rollback.deploymentId} is rolling back ${rollback.rollbackOf} (${rollback.initiatedBy ?? "ECS"})`,
    });
  return out;
}

/** A capability whose state for the service holds deploys (Spot fallback while in a fallback): its id is the reason. */
const capabilityBlockers = (s: Snapshot): Blocker[] =>
  deployHolds(s.state).map((hold) => ({ reason: hold.by, text: hold.text }));

function alarmBlockers(input: GateInput): Blocker[] {
  return input.alarms
    .filter((name) => input.state?.alarms[name]?.state === "ALARM")
    .map((name) => ({
      reason: "alarm" as const,
      text: `alarm ${name} is in ALARM (since ${input.state!.alarms[name]!.at})`,
    }));
}

const killSwitch = (input: GateInput): Blocker[] =>
  input.killSwitch
    ? [{ reason: "kill-switch", text: "the global kill switch is on (killSwitch in guardrails.config.json)" }]
    : [];

function freezeBlockers(input: GateInput): Blocker[] {
  const freeze = activeFreeze(input.freezes, input.ref, input.now);
  if (!freeze) return [];
  return [
    {
      reason: "freeze",
      text: `change freeze "${freeze.name}" holds (since ${freeze.since}${freeze.until ? `, until ${freeze.until}` : ""})`,
    },
  ];
}

export const revision = (taskDefinition: string | undefined) =>
  taskDefinition?.slice(taskDefinition.lastIndexOf("/") + 1) ?? "unknown revision";
const failed = (r: DeploymentRecord) => COUNTED.reduce((n, c) => n + (r.failures[c] ?? 0), 0);

export function failureText(r: Pick<DeploymentRecord, "failures">): string {
  const parts = Object.entries(r.failures)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([c, n]) => `${c} ${n}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}
