import { z } from "zod";
import { actionFields } from "@ecs-guardrails/core/registry";
import type { Action } from "@ecs-guardrails/core/model/decision";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";

// A decision live recorded, as one line of an exported stream (docs/replay.md#exported-streams):
// {"guardrails":"decision","at","cluster","service","policy","action","mode","verdict","reason",...}
// beside the envelopes, so the replay report can put it next to what the candidate would do.
// A line with a "guardrails" key is never an EventBridge envelope (those have no such key).

export const RECORDED_KEY = "guardrails";

export const recordedDecision = z.looseObject({
  guardrails: z.literal("decision"),
  at: z.string().min(1),
  // The account and Region of the decision's service (an export of a hub's table).
  account: z.string().optional(),
  region: z.string().optional(),
  cluster: z.string().min(1),
  service: z.string().min(1),
  policy: z.string().min(1),
  action: z.string().min(1),
  mode: z.string(),
  verdict: z.string(),
  reason: z.string(),
});
export type RecordedDecision = z.infer<typeof recordedDecision>;

/**
 * A service's starting state as live first saw it (core's history/service-seed.ts), in the
 * shape of a scenario's `services` entry: replay seeds it the one way it seeds those.
 */
export const serviceLine = (seed: unknown) => ({ guardrails: "service", ...(seed as object) });

/**
 * A time live's scheduled reconcile ran (the archive's tick items): replay runs its reconcile
 * at exactly those times inside their span (tick-schedule.ts).
 */
export const recordedTick = z.object({ guardrails: z.literal("tick"), at: z.iso.datetime() });
export const tickLine = (at: string) => ({ guardrails: "tick" as const, at });

export const isRecordedLine = (value: unknown): boolean =>
  typeof value === "object" && value !== null && RECORDED_KEY in value;

/** A timeline `decision` entry as an export line; undefined when it decided no action (a notice). */
export function recordedLine(entry: TimelineEntry): RecordedDecision | undefined {
  const data = entry.data ?? {};
  const action = data["action"] as Action | undefined;
  if (!action?.type) return undefined;
  return {
    guardrails: "decision",
    at: entry.time,
    cluster: entry.cluster,
    service: entry.service,
    policy: String(data["policy"]),
    action: action.type,
    mode: String(data["mode"] ?? ""),
    verdict: String(data["verdict"] ?? ""),
    reason: entry.reason ?? "",
    // The action's own fields (target revision, strategy, counts), as replay prints them.
    ...actionFields(action),
  };
}
