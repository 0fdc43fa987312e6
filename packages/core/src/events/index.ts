export * from "./model.ts";
export { parseEvent, SUPPORTED_DETAIL_TYPES } from "./parse.ts";
export { classifyStop, isFailure, FAILURE_CLASSES, STOP_CLASSES } from "./stop-class.ts";
export type { StopClass, FailureClass, StopClassification, StopInput } from "./stop-class.ts";
export { codePipelineJobEvent } from "./codepipeline.ts";
export type { CodePipelineJobEvent } from "./codepipeline.ts";
export * from "./arns.ts";
