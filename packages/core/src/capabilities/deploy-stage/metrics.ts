/** Counted once per job answered after a fault of the guardrails' own (gate unchecked, verify looking again). */
export const PIPELINE_FAULT_METRIC = "PipelineJobsAnsweredAfterFault";
