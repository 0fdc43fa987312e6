import { parseConfig } from "../../packages/core/src/config/load.ts";
import { faultMatrix } from "./matrix.ts";
import { placementFailure, returnedToSpot, spotService, tick } from "./spot-service.ts";

// The kill switch is on when Spot capacity first runs out, so the fallback is blocked. Once it
// is lifted, the next placement failure of the same incident falls back, and the return
// follows after the cool-down: a blocked decision is not final (issue 8, "Decision lifecycle").
const config = { policies: { "spot-fallback": { mode: "enforce" as const } } };
await faultMatrix(
  {
    id: "spot-blocked-fallback",
    title: "Spot fallback blocked by the kill switch, then taken once the switch is off",
    config,
    service: spotService(),
    inputs: [
      { ...placementFailure(1), config: parseConfig({ ...config, killSwitch: true }) },
      placementFailure(5),
      tick(40),
    ],
    truths: returnedToSpot,
  },
  { faults: false },
);
