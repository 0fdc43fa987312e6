import type { ModeRule, TagParameter } from "../../config/tag-rules.ts";

// Right-sizing's tags and modes, with their checks as settings.ts declares them
// (config/tag-rules.ts: tags are checked without zod at run time).

/** Right-sizing recommends; it never changes a service, so there is no enforce mode. */
export const RIGHT_SIZING_MODES = ["off", "observe"] as const;

// The config loader puts the key in front ("policies.right-sizing.mode: …").
export const ENFORCE_REFUSED =
  "enforce is not supported: right-sizing only recommends (off or observe); apply a recommendation yourself";

/** Why a mode is refused, in the schema's words. */
export const refusedMode = (mode: unknown) =>
  mode === "enforce" ? ENFORCE_REFUSED : `expected off or observe, got ${JSON.stringify(mode)}`;

export const rightSizingModes: ModeRule = { allowed: RIGHT_SIZING_MODES, refused: refusedMode };

/** `guardrails:right-sizing:<tag>` → a numeric setting, for a service's owners to tune. */
export const rightSizingTags = {
  "cpu-percentile": { key: "cpuPercentile", min: 0, max: 100 },
  "cpu-margin-percent": { key: "cpuMarginPercent", min: 0, max: 200 },
  "memory-percentile": { key: "memoryPercentile", min: 0, max: 100 },
  "memory-margin-percent": { key: "memoryMarginPercent", min: 0, max: 200 },
  "min-history-hours": { key: "minHistoryHours", gt: 0 },
} as const satisfies Record<string, TagParameter>;
