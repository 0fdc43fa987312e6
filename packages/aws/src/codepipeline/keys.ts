import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import { placed } from "../history/keys.ts";

// The deploy stage's items in the history table (docs/history.md, "Pipeline items"):
// - an execution's partition: its state and trigger, its events, the gate's baseline per service;
// - in the service's partition: the link of a deployment to its execution, the latest gate.

export const executionPk = (executionId: string) => `PIPEEXEC#${executionId}`;
export const EXECUTION_SK = "EXEC";
export const executionEventSk = (time: string, eventId: string) => `T#${time}#${eventId}`;
/** One execution may gate a home `prod/web` and a member's: a member's carries its place, as its partition does. */
export const gateSk = (ref: ServiceRef) => `GATE#${placed(ref)}${ref.cluster}#${ref.service}`;
export const LATEST_GATE_SK = "PIPEGATE";
export const linkSk = (deploymentId: string) => `PIPELINK#${deploymentId}`;

/** Baselines outlive CodePipeline's 24-hour action limit comfortably. */
export const JOB_DAYS = 7;
