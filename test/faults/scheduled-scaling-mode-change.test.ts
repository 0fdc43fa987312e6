import { parseConfig } from "../../packages/core/src/config/load.ts";
import { faultMatrix } from "./matrix.ts";
import { batchService, nightConfig, restoredAfterNight, tick } from "./scheduled-service.ts";
import type { Observed } from "./world.ts";

// The night window starts in enforce mode; someone sets scheduled-scaling to observe during
// the night. What enforce changed is still put back in the morning, for real, exactly once,
// under every fault (issue 18): an observed tick never drops the saved count. A fault that
// fails the 20:05 start leaves it to the next tick, which is observed: then nothing was
// changed, so nothing is owed and nothing is put back.
function putBackWhatEnforceChanged(run: Observed): string[] {
  if (run.actions.length === 0) return run.ecs.desiredCount === 4 ? [] : [`the desired count is ${run.ecs.desiredCount} without any change`];
  return restoredAfterNight({ desiredCount: 4, scalableTarget: undefined }, 2)(run);
}
const observe = parseConfig({ policies: { "scheduled-scaling": { ...nightConfig.policies["scheduled-scaling"], mode: "observe" } } });

// A fault in the 20:05 tick moves the start to the observed 20:15 tick, a different (and
// right) story than the clean run's, which the matrix's comparison cannot accept: as with
// spot-mode-change, the clean run and the duplicated deliveries only.
await faultMatrix(
  {
  id: "scheduled-scaling-mode-change",
  title: "Scheduled scaling: the night starts in enforce mode, observe mode during it, the morning still restores",
  config: nightConfig,
  service: batchService(),
  inputs: [tick(15), { ...tick(25), config: observe }, { ...tick(10 * 60 + 15), config: observe }],
  truths: putBackWhatEnforceChanged,
  },
  { faults: false },
);
