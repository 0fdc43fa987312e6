import { faultMatrix } from "./matrix.ts";
import { placementFailure, returnedToSpot, spotService, tick } from "./spot-service.ts";

// ECS cannot place the service's tasks on Spot: the guardrails move it to on-demand Fargate, a
// reconcile tick in the cool-down does nothing, and the tick after the 30-minute cool-down
// returns it to Spot.
await faultMatrix({
  id: "spot-fallback-return",
  title: "Spot fallback on a placement failure, and the return on the reconcile after the cool-down",
  config: { policies: { "spot-fallback": { mode: "enforce" } } },
  service: spotService(),
  inputs: [placementFailure(1), tick(10), tick(35)],
  truths: returnedToSpot,
});
