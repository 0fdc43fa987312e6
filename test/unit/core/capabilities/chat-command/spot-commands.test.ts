import { describe, expect, it } from "vitest";
import { spotFallback } from "@ecs-guardrails/core/capabilities/spot-fallback/decide";
import { spotPersonCommands } from "@ecs-guardrails/core/capabilities/spot-fallback/person";
import { inFallback, minute, SPOT_ONLY, spotSettings, spotSnapshot } from "../../../../support/spot-snapshots.ts";

// What a person may ask of the Spot fallback from chat: return to Spot now (the cool-down's own
// return, under its key: once, whoever makes it) or stay on on-demand for 24 hours.

const ask = (
  state: Parameters<typeof inFallback>[0] | "normal",
  key = "spot-fallback#fallback#1",
  now = minute(10),
) => ({
  snapshot: spotSnapshot({
    strategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
    state: state === "normal" ? { status: "normal" } : inFallback(state),
  }),
  settings: spotSettings(),
  key,
  recorded: undefined,
  now: new Date(now),
  by: "channel ops",
  thread: "prod/web/spot-1",
});

describe("the Spot fallback's chat commands", () => {
  it("returns to Spot now, before the cool-down, under the automatic return's key", () => {
    const out = spotPersonCommands["return-to-spot"](ask({}));
    expect(out).toMatchObject({
      decision: {
        key: "spot-fallback#restore#1",
        action: { type: "capacity-restore", capacityProviderStrategy: SPOT_ONLY },
        threadId: "prod/web/spot-1",
        reason: expect.stringContaining("channel ops asked for it from chat"),
      },
    });
  });

  it("refuses a button from an earlier incident, a fallback already over, and one only observed", () => {
    expect(spotPersonCommands["return-to-spot"](ask({ incident: 2 }))).toEqual({
      refused: "the button is from an earlier fallback: the current one is incident 2",
    });
    expect(spotPersonCommands["return-to-spot"](ask("normal"))).toEqual({
      refused: "the service is not in a Spot fallback any more",
    });
    expect(spotPersonCommands["stay-on-demand"](ask({ mode: "observe" }))).toMatchObject({
      refused: expect.stringContaining("only observed"),
    });
  });

  it("stays on on-demand for 24 hours: the cool-down's return waits until then", () => {
    const out = spotPersonCommands["stay-on-demand"](ask({}));
    expect(out).toMatchObject({ decision: { action: undefined, facts: { stayUntil: minute(10 + 24 * 60) } } });
    const stayed = (out as { decision: { state: { value: Record<string, unknown> } } }).decision.state.value;
    const tick = (m: number) =>
      spotFallback.tick!({
        snapshot: spotSnapshot({ strategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }], state: stayed }),
        settings: spotSettings(),
        now: new Date(minute(m)),
      }).decisions.map((d) => d.action?.type);
    expect(tick(120)).toEqual([]);
    expect(tick(10 + 24 * 60 + 5)).toEqual(["capacity-restore"]);
  });
});
