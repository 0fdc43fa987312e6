import type { PolicyDefinition } from "../types.ts";
import { type RightSizingSettings, rightSizingSettings, rightSizingTags } from "./settings.ts";

// Right-sizing runs on a schedule, not on events: it has no event `decide` and no reconcile
// tick. Its own function (functions/rightsizing.ts) runs the batch use case
// (usecases/right-size.ts: `recommend` per service, `changedSinceLast` against the stored one)
// daily and the digest (usecases/right-sizing-digest.ts: `digestOf`/`digestNotice`) weekly.
// Registered in policies/registry.ts, this definition gives the config its settings and tags.
export const rightSizingDefinition = {
  id: "right-sizing",
  settings: rightSizingSettings,
  tags: rightSizingTags,
  policy: undefined,
} as const satisfies PolicyDefinition<RightSizingSettings>;
