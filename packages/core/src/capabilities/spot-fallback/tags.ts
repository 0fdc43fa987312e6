import type { TagParameter } from "../../config/tag-rules.ts";

// `guardrails:spot-fallback:<tag>` → a numeric setting, with its checks as settings.ts declares
// them (config/tag-rules.ts: tags are checked without zod at run time).
export const spotFallbackTags = {
  "cooldown-minutes": { key: "cooldownMinutes", gt: 0 },
  "grace-minutes": { key: "belowDesiredGraceMinutes", gt: 0 },
} as const satisfies Record<string, TagParameter>;
