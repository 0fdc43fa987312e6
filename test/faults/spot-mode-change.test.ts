import { parseConfig } from "../../packages/core/src/config/load.ts";
import { same } from "./checks.ts";
import { faultMatrix } from "./matrix.ts";
import { ON_DEMAND, placementFailure, returnedToSpot, spotService, tick } from "./spot-service.ts";
import type { Observed } from "./world.ts";

// The service falls back in enforce mode; someone sets spot-fallback to observe during the
// incident. What enforce changed is put back whatever the mode (issue 18, docs/how-it-works.md "A decision's lifecycle"): the tick after the cool-down returns the service to Spot for real, and the
// enforced tick after it has nothing left to do.
const config = { policies: { "spot-fallback": { mode: "enforce" as const } } };
const observe = parseConfig({ policies: { "spot-fallback": { mode: "observe" } } });

function stillInFallbackWhileObserved(run: Observed): string[] {
  // The run ends back on Spot, one move each way: the return came from the fallback state.
  const out = returnedToSpot(run);
  if (
    !same(run.actions.slice(0, 1), [
      `strategy ${ON_DEMAND.map((c) => `${c.capacityProvider} base ${c.base} weight ${c.weight}`).join(", ")}`,
    ])
  )
    out.push("the first change was not the fallback to on-demand");
  return out;
}

await faultMatrix(
  {
    id: "spot-mode-change",
    title: "Spot fallback, then observe mode during the incident (the return is still carried out), then enforce again",
    config,
    service: spotService(),
    inputs: [placementFailure(1), { ...tick(35), config: observe }, tick(40)],
    truths: stillInFallbackWhileObserved,
  },
  { faults: false },
);
