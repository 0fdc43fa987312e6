import type { PolicyDefinition } from "../types.ts";
import { type RightSizingSettings, rightSizingSettings, rightSizingTags } from "./settings.ts";

// Right-sizing runs on a schedule, not on events: it has no event `decide`. The scheduled run
// (not wired yet) calls `recommend` per service, `changedSinceLast` against the stored one, and
// `digestOf`/`digestNotice` weekly. Registering this definition gives the config its settings
// and tags.
export const rightSizingDefinition = {
  id: "right-sizing",
  settings: rightSizingSettings,
  tags: rightSizingTags,
  policy: undefined,
} as const satisfies PolicyDefinition<RightSizingSettings>;
