import { faultMatrix } from "./matrix.ts";
import { batchService, nightConfig, nightTicks, restoredAfterNight } from "./scheduled-service.ts";

// A night window on a service without a scalable target: UpdateService desiredCount 1 at its
// start, nothing inside it, desiredCount 4 again after its end.
await faultMatrix({
  id: "scheduled-scaling-desired",
  title:
    "Scheduled scaling of a service without auto scaling: the desired count for the night, restored in the morning",
  config: nightConfig,
  service: batchService(),
  inputs: nightTicks(),
  truths: restoredAfterNight({ desiredCount: 4, scalableTarget: undefined }, 2),
});
