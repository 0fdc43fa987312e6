import { backoffProblems } from "./checks.ts";
import { capacityExecutors } from "./actions.ts";
import type { PolicyDefinition } from "../../engine/policy.ts";
import { spotFallback } from "./decide.ts";
import { type SpotFallbackSettings, spotFallbackSettings, spotFallbackTags } from "./settings.ts";

export const spotFallbackDefinition = {
  id: "spot-fallback",
  settings: spotFallbackSettings,
  tags: spotFallbackTags,
  policy: spotFallback,
  executors: capacityExecutors,
  configProblems: backoffProblems,
} as const satisfies PolicyDefinition<SpotFallbackSettings>;
