import { describe, expect, it } from "vitest";
import { parseScheduledScalingSettings } from "@ecs-guardrails/core/capabilities/scheduled-scaling/settings";
import {
  deploymentPhaseOf,
  scheduledScalingTick,
  scheduledStillApplies,
} from "@ecs-guardrails/core/capabilities/scheduled-scaling/tick";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import {
  REF,
  deploymentRecord,
  ecsDeployment,
  serviceDescription,
  serviceState,
} from "../../../../support/snapshots.ts";
// The window maths, as the reconcile loads it (the tick evaluates the schedule through it).
import "@ecs-guardrails/core/time/holds";

const NOW = new Date("2026-06-01T18:30:00Z"); // Monday 20:30 in Berlin
const settings = (mode: "observe" | "enforce" | "off" = "enforce") =>
  parseScheduledScalingSettings({
    mode,
    schedules: {
      nights: {
        windows: [
          { name: "nights", timezone: "Europe/Berlin", days: ["mon-fri"], from: "20:00", to: "07:00", stopped: true },
        ],
      },
    },
    schedule: "nights",
  });

function snapshot(patch: Partial<Snapshot> = {}): Snapshot {
  const primary = ecsDeployment("ecs-svc/1", { status: "PRIMARY", rolloutState: "COMPLETED" });
  return {
    ref: REF,
    state: serviceState(),
    deployments: [],
    recent: [],
    service: serviceDescription({ desiredCount: 4, deployments: [primary] }),
    ...patch,
  };
}

describe("scheduled-scaling tick", () => {
  it("starts the window of the service's named schedule from the snapshot, with the state flagged for the reconcile", () => {
    const [d] = scheduledScalingTick({
      snapshot: snapshot(),
      settings: settings(),
      now: NOW,
      scalableTarget: undefined,
      bakeMinutes: 10,
    }).decisions;
    expect(d).toMatchObject({
      policy: "scheduled-scaling",
      key: "scheduled-scaling#start#nights[nights]@2026-06-01T18:00:00.000Z",
      action: { type: "scale", desiredCount: 0 },
    });
    expect(d!.state).toMatchObject({
      attention: true,
      value: { holding: "nights[nights]@2026-06-01T18:00:00.000Z", saved: { desiredCount: 4 } },
    });
  });

  it("reads its saved state back from the service state", () => {
    const first = scheduledScalingTick({
      snapshot: snapshot(),
      settings: settings(),
      now: NOW,
      scalableTarget: undefined,
      bakeMinutes: 10,
    }).decisions[0]!;
    const after = snapshot({
      state: serviceState({ policies: { "scheduled-scaling": first.state!.value } }),
      service: serviceDescription({
        desiredCount: 0,
        deployments: [ecsDeployment("ecs-svc/1", { status: "PRIMARY" })],
      }),
    });
    expect(
      scheduledScalingTick({
        snapshot: after,
        settings: settings(),
        now: new Date("2026-06-01T18:35:00Z"),
        scalableTarget: undefined,
        bakeMinutes: 10,
      }).decisions,
    ).toEqual([]);
  });

  it("decides nothing when the policy is off or ECS does not know the service", () => {
    expect(
      scheduledScalingTick({
        snapshot: snapshot(),
        settings: settings("off"),
        now: NOW,
        scalableTarget: undefined,
        bakeMinutes: 10,
      }).decisions,
    ).toEqual([]);
    expect(
      scheduledScalingTick({
        snapshot: snapshot({ service: undefined }),
        settings: settings(),
        now: NOW,
        scalableTarget: undefined,
        bakeMinutes: 10,
      }).decisions,
    ).toEqual([]);
  });

  it("tells a deployment in progress, one in its bake window, and none", () => {
    const rolling = snapshot({
      service: serviceDescription({
        deployments: [
          ecsDeployment("ecs-svc/2", { status: "PRIMARY", rolloutState: "IN_PROGRESS" }),
          ecsDeployment("ecs-svc/1"),
        ],
      }),
    });
    expect(deploymentPhaseOf(rolling, 10, NOW)).toBe("in-progress");
    // Deployment controllers without a rollout state: two deployments listed is a deployment under way.
    const external = snapshot({
      service: serviceDescription({
        deployments: [
          ecsDeployment("ecs-svc/2", { status: "PRIMARY", rolloutState: undefined }),
          ecsDeployment("ecs-svc/1", { rolloutState: undefined }),
        ],
      }),
    });
    expect(deploymentPhaseOf(external, 10, NOW)).toBe("in-progress");
    const baking = snapshot({ deployments: [deploymentRecord("ecs-svc/1", { completedAt: "2026-06-01T18:25:00Z" })] });
    expect(deploymentPhaseOf(baking, 10, NOW)).toBe("baking");
    expect(deploymentPhaseOf(baking, 10, new Date("2026-06-01T18:36:00Z"))).toBe("none");
  });

  it("defers the night's scale-in while the service deploys", () => {
    const rolling = snapshot({
      service: serviceDescription({
        desiredCount: 4,
        deployments: [
          ecsDeployment("ecs-svc/2", { status: "PRIMARY", rolloutState: "IN_PROGRESS" }),
          ecsDeployment("ecs-svc/1"),
        ],
      }),
    });
    const [d] = scheduledScalingTick({
      snapshot: rolling,
      settings: settings(),
      now: NOW,
      scalableTarget: undefined,
      bakeMinutes: 10,
    }).decisions;
    expect(d).toMatchObject({
      key: "scheduled-scaling#deferred#start#nights[nights]@2026-06-01T18:00:00.000Z",
      action: undefined,
    });
  });

  it("still applies a blocked start while the window holds and the service still needs it, not after it ended", () => {
    const input = { snapshot: snapshot(), settings: settings(), now: NOW, scalableTarget: undefined, bakeMinutes: 10 };
    const [blocked] = scheduledScalingTick(input).decisions;
    expect(scheduledStillApplies(blocked!, { ...input, now: new Date("2026-06-01T20:00:00Z") })).toBe(true);
    expect(scheduledStillApplies(blocked!, { ...input, now: new Date("2026-06-02T06:00:00Z") })).toBe(false);
    const changed = parseScheduledScalingSettings({
      ...settings(),
      schedules: {
        nights: {
          windows: [
            {
              name: "nights",
              timezone: "Europe/Berlin",
              days: ["mon-fri"],
              from: "20:00",
              to: "07:00",
              desiredCount: 1,
            },
          ],
        },
      },
    });
    expect(scheduledStillApplies(blocked!, { ...input, settings: changed })).toBe(false); // the window now holds 1 task, not 0
  });
});
