import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { resolveSettings, withServiceTags } from "@ecs-guardrails/core/config/resolve";
import type { ConfigInput } from "@ecs-guardrails/core/config/schema";
import type { EngineDeps } from "@ecs-guardrails/core/engine/deps";
import { quietOnTick } from "@ecs-guardrails/core/engine/quiet";
import type { ServiceState } from "@ecs-guardrails/core/history/model";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import { RecordingNotifier } from "../../../kit/recording-notifier.ts";
import { REF, ecsDeployment, serviceDescription, serviceState } from "../../../support/snapshots.ts";
import { inFallback, minute, ON_DEMAND_ONLY, SPOT_ONLY } from "../../../support/spot-snapshots.ts";

// The reconcile's quiet check (issue 23): a service is skipped only when its tick, judged from
// the stored state read in a page and the listing, would decide, save and settle nothing.
// Every reason to look at a service in full is one case here.

const LISTED = ecsDeployment("ecs-svc/1", { status: "PRIMARY", rolloutState: "COMPLETED" });

type Case = {
  config?: ConfigInput;
  service?: Partial<ServiceDescription>;
  state?: Partial<ServiceState> | "none";
  recorded?: string[];
  parked?: boolean;
  imports?: boolean;
  at?: number;
};

function quiet(c: Case = {}): boolean {
  const config = parseConfig(c.config ?? { policies: { "spot-fallback": { mode: "enforce" } } });
  const known = serviceDescription({ capacityProviderStrategy: SPOT_ONLY, deployments: [LISTED], ...c.service });
  const configured = resolveSettings(config, REF);
  const deps = {
    config,
    notifier: new RecordingNotifier(),
    clock: { now: () => new Date(minute(c.at ?? 10)) },
    ...(c.imports ? { imports: {} } : {}),
  } as unknown as EngineDeps;
  return quietOnTick({
    ref: REF,
    known,
    peeked: {
      state: c.state === "none" ? undefined : serviceState(c.state ?? {}),
      recorded: new Set(c.recorded ?? ["ecs-svc/1"]),
    },
    parked: c.parked ?? false,
    resolution: {
      configured,
      tagged: { tags: known.tags, settings: withServiceTags(config, REF, configured, known.tags) },
    },
    deps,
    now: new Date(minute(c.at ?? 10)),
  });
}

const spot = (state: Record<string, unknown>) => ({ policies: { "spot-fallback": state } });

describe("the reconcile's quiet check", () => {
  it("skips a Spot service at its desired count with its deployment recorded", () => {
    expect(quiet()).toBe(true);
    expect(quiet({ state: "none" })).toBe(true);
  });

  it("skips a service in Spot fallback while its cool-down runs", () => {
    expect(quiet({ state: spot(inFallback()), service: { capacityProviderStrategy: ON_DEMAND_ONLY } })).toBe(true);
  });

  it.each<[string, Case]>([
    [
      "its cool-down is over (the tick returns it)",
      { state: spot(inFallback()), service: { capacityProviderStrategy: ON_DEMAND_ONLY }, at: 31 },
    ],
    ["it runs below its desired count (the tick saves since when)", { service: { runningCount: 2 } }],
    [
      "it has run below desired past the grace period (the tick reads the recent timeline)",
      { service: { runningCount: 2 }, state: spot({ status: "normal", incident: 0, belowSince: minute(0) }), at: 30 },
    ],
    ["a decision waits for a retry", { parked: true }],
    ["ECS no longer has it", { service: { status: "INACTIVE" } }],
    [
      "an intent is open on it",
      { state: { intent: { key: "k", policy: "spot-fallback", owner: "o", until: minute(11) } as never } },
    ],
    ["a message waits in its outbox", { state: { outbox: { k: { at: minute(9), notice: {} as never } } } }],
    ["the reconcile could not look at it last time", { state: { tickProblem: "Error: Rate exceeded" } }],
    ["its deployment history was never imported", { imports: true }],
    ["ECS lists a completed deployment the history lacks", { recorded: [] }],
    ["a guardrails tag on it is ignored", { service: { tags: { "guardrails:spot-fallback.mode": "loud" } } }],
    [
      "it is out of the scope",
      { config: { scope: { clusters: ["other"] }, policies: { "spot-fallback": { mode: "enforce" } } } },
    ],
    [
      "the policy is off but still owes a restore",
      {
        config: { policies: { "spot-fallback": { mode: "off" } } },
        state: spot(inFallback()),
        service: { capacityProviderStrategy: ON_DEMAND_ONLY },
      },
    ],
    [
      "a scheduled-scaling window removed from the config is still held (the target is put back)",
      { state: { policies: { "scheduled-scaling": { holding: { window: "night" } } } } },
    ],
    [
      "it has a scheduled-scaling window (its scalable target is read)",
      {
        config: {
          policies: {
            "scheduled-scaling": {
              mode: "enforce",
              windows: [
                {
                  name: "night",
                  timezone: "Europe/Berlin",
                  days: ["mon-fri"],
                  from: "20:00",
                  to: "07:00",
                  desiredCount: 1,
                },
              ],
            },
          },
        },
      },
    ],
  ])("looks in full when %s", (_why, c) => {
    expect(quiet(c)).toBe(false);
  });
});
