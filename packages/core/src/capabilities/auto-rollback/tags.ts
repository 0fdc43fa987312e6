import type { TagParameter } from "../../config/tag-rules.ts";

// `guardrails:auto-rollback:<tag>` → a numeric setting, with its checks as settings.ts declares
// them (config/tag-rules.ts: tags are checked without zod at run time).
export const autoRollbackTags = {
  "failure-threshold": { key: "failureThreshold", int: true, min: 1 },
  "failure-percent": { key: "failurePercent", gt: 0, max: 100 },
  "bake-minutes": { key: "bakeMinutes", min: 0 },
} as const satisfies Record<string, TagParameter>;
