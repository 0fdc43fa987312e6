import { parseConfig } from "../../packages/core/src/config/load.ts";
import { faultMatrix } from "./matrix.ts";
import { batchService, nightConfig, restoredAfterNight, tick } from "./scheduled-service.ts";
import type { Observed } from "./world.ts";

// The night window starts in enforce mode; someone sets scheduled-scaling to observe during
// the night. What enforce changed is still put back in the morning, for real, exactly once,
// under every fault: an observed tick never drops the saved count.
function putBackWhatEnforceChanged(run: Observed): string[] {
  if (run.actions.length === 0)
    return run.ecs.desiredCount === 4 ? [] : [`the desired count is ${run.ecs.desiredCount} without any change`];
  return restoredAfterNight({ desiredCount: 4, scalableTarget: undefined }, 2)(run);
}
const observe = parseConfig({
  policies: { "scheduled-scaling": { ...nightConfig.policies["scheduled-scaling"], mode: "observe" } },
});

// An extra enforced tick at 20:10 lets a fault in the 20:05 start be retried before observe
// begins, so every cell, faulted or not, tells the same story as the clean run.
await faultMatrix({
  id: "scheduled-scaling-mode-change",
  title: "Scheduled scaling: the night starts in enforce mode, observe mode during it, the morning still restores",
  config: nightConfig,
  service: batchService(),
  inputs: [tick(15), tick(20), { ...tick(25), config: observe }, { ...tick(10 * 60 + 15), config: observe }],
  truths: putBackWhatEnforceChanged,
});
