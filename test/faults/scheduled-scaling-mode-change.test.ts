import { parseConfig } from "../../packages/core/src/config/load.ts";
import { faultMatrix } from "./matrix.ts";
import { batchService, nightConfig, restoredAfterNight, tick } from "./scheduled-service.ts";

// The night window starts in enforce mode; someone sets scheduled-scaling to observe during
// the night. What enforce changed is still put back in the morning, for real, exactly once,
// under every fault (issue 18): an observed tick never drops the saved count.
const observe = parseConfig({ policies: { "scheduled-scaling": { ...nightConfig.policies["scheduled-scaling"], mode: "observe" } } });

await faultMatrix({
  id: "scheduled-scaling-mode-change",
  title: "Scheduled scaling: the night starts in enforce mode, observe mode during it, the morning still restores",
  config: nightConfig,
  service: batchService(),
  inputs: [tick(15), { ...tick(25), config: observe }, { ...tick(10 * 60 + 15), config: observe }],
  truths: restoredAfterNight({ desiredCount: 4, scalableTarget: undefined }, 2),
});
