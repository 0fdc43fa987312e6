import type { TagParameter } from "../../config/tag-rules.ts";

// `guardrails:pause-hook:<tag>` → a numeric setting, with its checks as settings.ts declares
// them (config/tag-rules.ts: tags are checked without zod at run time).
export const pauseHookTags = {
  "bake-minutes": { key: "bakeMinutes", min: 0, max: 1440 },
} as const satisfies Record<string, TagParameter>;
