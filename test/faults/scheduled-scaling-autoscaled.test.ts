import { faultMatrix } from "./matrix.ts";
import { AUTO_SCALED, batchService, nightConfig, nightTicks, restoredAfterNight } from "./scheduled-service.ts";

// A night window on a service under Application Auto Scaling: the tick at its start pins the
// scalable target to 1/1 (RegisterScalableTarget; the desired count follows), a tick inside it
// does nothing, the tick after its end puts back min 2, max 10 and the suspended state.
await faultMatrix({
  id: "scheduled-scaling-autoscaled",
  title: "Scheduled scaling of an auto-scaled service: min/max for the night, restored exactly in the morning",
  config: nightConfig,
  service: batchService(),
  scalableTarget: AUTO_SCALED,
  inputs: nightTicks(),
  truths: restoredAfterNight({ desiredCount: 2, scalableTarget: AUTO_SCALED }, 2),
});
