import { parseConfig } from "../../packages/core/src/config/load.ts";
import { same } from "./checks.ts";
import { faultMatrix } from "./matrix.ts";
import { ON_DEMAND, placementFailure, returnedToSpot, spotService, tick } from "./spot-service.ts";
import type { Observed } from "./world.ts";

// The service falls back in enforce mode; someone sets spot-fallback to observe during the
// incident, so the tick after the cool-down only says it would return; back in enforce mode,
// the next tick returns it. The policy's state must follow what ECS shows (issue 8, "Decision
// lifecycle"): on on-demand Fargate it is still in fallback, whatever was only observed.
const config = { policies: { "spot-fallback": { mode: "enforce" as const } } };
const observe = parseConfig({ policies: { "spot-fallback": { mode: "observe" } } });

function stillInFallbackWhileObserved(run: Observed): string[] {
  // The run ends back on Spot; the observed tick left ECS on on-demand, so the actions say
  // where ECS was in between, and the return must come from the fallback state.
  const out = returnedToSpot(run);
  if (!same(run.actions.slice(0, 1), [`strategy ${ON_DEMAND.map((c) => `${c.capacityProvider} base ${c.base} weight ${c.weight}`).join(", ")}`])) out.push("the first change was not the fallback to on-demand");
  return out;
}

await faultMatrix(
  {
    id: "spot-mode-change",
    title: "Spot fallback, then observe mode during the incident, then enforce again",
    config,
    service: spotService(),
    inputs: [placementFailure(1), { ...tick(35), config: observe }, tick(40)],
    truths: stillInFallbackWhileObserved,
  },
  { faults: false },
);
