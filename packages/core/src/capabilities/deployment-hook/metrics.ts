/** Counted once per hook answer that is the configured `onFault` outcome (faults exceeded maxFaults). */
export const HOOK_ON_FAULT_METRIC = "HookAnswersOnFault";
