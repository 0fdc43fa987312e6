import { present } from "../../util/present.ts";
import type { CapacityFallbackAction, CapacityRestoreAction } from "./actions.ts";
import { spotConfigProblems } from "./checks.ts";
import { capacityExecutors } from "./actions.ts";
import type { PolicyDefinition } from "../../engine/policy.ts";
import { spotFallback } from "./decide.ts";
import { spotOffers } from "./offers.ts";
import { spotHoldsDeploys } from "./state.ts";
import { heldOffProviders } from "./state.ts";
import type { SpotFallbackSettings } from "./settings.ts";
import { spotFallbackTags } from "./tags.ts";

export const spotFallbackDefinition = {
  id: "spot-fallback",
  tags: spotFallbackTags,
  policy: spotFallback,
  executors: capacityExecutors,
  configProblems: spotConfigProblems,
  holdsDeploys: spotHoldsDeploys,
  offers: spotOffers,
  // Auto-rollback never puts the service back on a provider the fallback moved it off.
  views: { heldOff: heldOffProviders },
  present: {
    // Leaving Spot warns; coming back is news.
    actions: {
      "capacity-fallback": {
        fields: (a) => present(a as CapacityFallbackAction, ["capacityProviderStrategy", "previousStrategy"]),
        severity: "warning",
      },
      "capacity-restore": {
        fields: (a) => present(a as CapacityRestoreAction, ["capacityProviderStrategy", "previousStrategy"]),
      },
    },
  },
} as const satisfies PolicyDefinition<SpotFallbackSettings>;
