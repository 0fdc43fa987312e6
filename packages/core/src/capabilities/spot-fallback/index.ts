import type { PolicyDefinition } from "../../engine/policy.ts";
import { spotFallback } from "./decide.ts";
import { type SpotFallbackSettings, spotFallbackSettings, spotFallbackTags } from "./settings.ts";

export const spotFallbackDefinition = {
  id: "spot-fallback",
  settings: spotFallbackSettings,
  tags: spotFallbackTags,
  policy: spotFallback,
} as const satisfies PolicyDefinition<SpotFallbackSettings>;
