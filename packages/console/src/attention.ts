import { SEVERITIES, type Severity } from "@ecs-guardrails/core/notifications/notice";

// What needs a person's eye on a service, most important first. Open matters (an action that
// failed, a rollback under way, a service ECS no longer has, Spot fallback, a snooze from chat
// (nothing acts automatically until it ends), a change freeze, a schedule window) come before
// routine notes (each capability's latest decision), so a daily right-sizing note never hides
// a rollback. Pure: the read model gathers the matters.

/** Most important first; `note` is a recorded decision that opens nothing. */
export const MATTER_KINDS = [
  "action-failed",
  "rolling-back",
  "gone",
  "spot-fallback",
  "snoozed",
  "freeze",
  "schedule-window",
  "note",
] as const;
export type MatterKind = (typeof MATTER_KINDS)[number];

export type Matter = { kind: MatterKind; text: string; severity: Severity; time?: string | undefined };

/** By kind, then the more severe, then the newer; a stable order for ties. */
export function rankMatters<M extends Matter>(matters: readonly M[]): M[] {
  return [...matters].sort(
    (a, b) =>
      MATTER_KINDS.indexOf(a.kind) - MATTER_KINDS.indexOf(b.kind) ||
      SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
      (b.time ?? "").localeCompare(a.time ?? ""),
  );
}

/** The one matter a row leads with, if any. */
export const topMatter = <M extends Matter>(matters: readonly M[]): M | undefined => rankMatters(matters)[0];
