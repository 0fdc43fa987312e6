import type { PolicyDefinition } from "../../engine/policy.ts";
import type { RightSizingSettings } from "./settings.ts";
import { rightSizingModes, rightSizingTags } from "./tags.ts";

// Right-sizing runs on a schedule, not on events: it has no event `decide` and no reconcile
// tick. Its own function (functions/rightsizing.ts) runs the batch use case
// (right-size.ts: `recommend` per service, `changedSinceLast` against the stored one)
// daily and the digest (right-sizing-digest.ts: `digestOf`/`digestNotice`) weekly.
// Registered in registry.ts, this definition gives the config its settings and tags.
export const rightSizingDefinition = {
  id: "right-sizing",
  modes: rightSizingModes,
  tags: rightSizingTags,
  policy: undefined,
} as const satisfies PolicyDefinition<RightSizingSettings>;
