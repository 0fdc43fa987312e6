import { parseConfig } from "@ecs-guardrails/core/config/load";
import type { SpotFallbackSettings } from "@ecs-guardrails/core/capabilities/spot-fallback/settings";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import type { SpotState } from "@ecs-guardrails/core/capabilities/spot-fallback/state";
import type { CapacityProviderItem, ServiceDescription } from "@ecs-guardrails/core/model/description";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF, T0, serviceDescription, serviceState } from "./snapshots.ts";

// prod/web on Fargate Spot, as the Spot fallback sees it: 4 tasks of 1 vCPU / 2 GB, by default
// all on FARGATE_SPOT, with whatever the policy saved about its incidents so far.

export const SPOT_ONLY: CapacityProviderItem[] = [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }];
export const ON_DEMAND_ONLY: CapacityProviderItem[] = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
/** One task always on FARGATE, the rest split 1:3 with Spot. */
export const MIXED: CapacityProviderItem[] = [
  { capacityProvider: "FARGATE", base: 1, weight: 1 },
  { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
];

/** An ISO time `m` minutes after T0. */
export const minute = (m: number): string => new Date(T0 + m * 60_000).toISOString();

export const spotSettings = (patch: Partial<SpotFallbackSettings> = {}): SpotFallbackSettings =>
  parseConfig({ policies: { "spot-fallback": patch } }).policies["spot-fallback"];

export type SpotSpec = {
  strategy?: CapacityProviderItem[];
  service?: Partial<ServiceDescription>;
  /** The policy's saved state; none = never stored. */
  state?: Partial<SpotState>;
  recent?: TimelineEntry[];
};

export function spotSnapshot(spec: SpotSpec = {}): Snapshot {
  return {
    ref: REF,
    deployments: [],
    recent: spec.recent ?? [],
    state: serviceState(spec.state ? { policies: { "spot-fallback": spec.state } } : {}),
    service: serviceDescription({
      capacityProviderStrategy: spec.strategy ?? SPOT_ONLY,
      taskSize: { cpu: 1024, memory: 2048 },
      ...spec.service,
    }),
  };
}

/**
 * The state right after a fallback decided at minute `since` (incident 1, enforce mode): the
 * original strategy saved, its Spot share moved to FARGATE.
 */
export function inFallback(patch: Partial<SpotState> = {}, since = 0): Partial<SpotState> {
  const original = patch.originalStrategy ?? SPOT_ONLY;
  return {
    status: "fallback",
    mode: "enforce",
    incident: 1,
    since: minute(since),
    stepAt: minute(since),
    trigger: "ECS could not place tasks on FARGATE_SPOT (RESOURCE:FARGATE)",
    originalStrategy: original,
    fallbackStrategy: onDemandOf(original),
    relapses: 0,
    ...patch,
  };
}

/** What the policy itself moves a strategy to (kept literal here, so a change to it shows). */
function onDemandOf(strategy: CapacityProviderItem[]): CapacityProviderItem[] {
  const spot = strategy.find((s) => s.capacityProvider === "FARGATE_SPOT");
  const fargate = strategy.find((s) => s.capacityProvider === "FARGATE");
  return [
    {
      capacityProvider: "FARGATE",
      base: (fargate?.base ?? 0) + (spot?.base ?? 0),
      weight: (fargate?.weight ?? 0) + (spot?.weight ?? 0),
    },
  ];
}

/** A timeline entry for a Spot interruption of `taskId` at minute `m` (warning or stop). */
export function interruption(
  taskId: string,
  m: number,
  type: "task-stopping" | "task-stopped" = "task-stopped",
): TimelineEntry {
  return {
    ...REF,
    type,
    time: minute(m),
    eventId: `${type}-${taskId}-${m}`,
    summary: `task ${taskId} interrupted`,
    taskId,
    stopClass: "spot-interruption",
  };
}
