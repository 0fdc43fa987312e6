import { faultMatrix } from "./matrix.ts";
import { placementFailure, returnedTo, SPOT_MI, spotService, tick } from "./spot-service.ts";

// ECS cannot place the service's tasks on its Managed Instances Spot provider: the guardrails
// move its share to the on-demand counterpart the configuration names (and the strategy holds),
// and the tick after the 30-minute cool-down returns it to Spot.
await faultMatrix({
  id: "spot-managed-instances",
  title: "Managed Instances Spot fallback to the named counterpart, and the return after the cool-down",
  config: { policies: { "spot-fallback": { mode: "enforce", counterparts: { "mi-spot": "mi-od" } } } },
  service: spotService(SPOT_MI),
  inputs: [placementFailure(1, "mi-spot"), tick(10), tick(35)],
  truths: returnedTo(SPOT_MI),
});
