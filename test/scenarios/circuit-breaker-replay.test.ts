import { describe, expect, it } from "vitest";
import { fixture, live, replayed } from "../support/replay.ts";

// ECS's circuit breaker at COUNT 2 (shop/cart, 4 tasks; the guardrails' threshold is 3), its
// tasks failing to pull their image with a healthy task in between, replayed and run live:
// - cumulative (resetOnHealthyTask false): the failure after the healthy task is ECS's second,
//   so ECS fails the deployment and rolls back; the guardrails announce it and do not race it;
// - resetting (true): each healthy task zeroes ECS's count, which never reaches 2; the guardrails
//   roll back at their third failure.

const CUMULATIVE = "circuit-breaker-count-2-cumulative-scenario.json";
const RESETTING = "circuit-breaker-count-2-resetting-scenario.json";

describe("ECS's circuit breaker at COUNT 2", () => {
  it("cumulative: leaves the rollback to ECS and says so, once", async () => {
    const out = await replayed(fixture(CUMULATIVE));

    expect(out.actions).toEqual([]);
    expect(out.notifications).toEqual([
      "warning First task failure in the deployment of shop/cart (cart:8)",
      "warning ECS is rolling back the deployment of shop/cart (cart:8)",
    ]);
  });

  it("cumulative: defers at ECS's second failure itself, before ECS's FAILED event arrives", async () => {
    const input = fixture(CUMULATIVE);
    // Everything up to ECS's second counted failure: without ECS's FAILED and its rollback.
    const beforeFailed = { ...input, events: input.events.filter((e) => !/FAILED|ecs-svc\/3/.test(JSON.stringify(e))) };

    const out = await replayed(beforeFailed);

    expect(out.actions).toEqual([]);
    expect(out.notifications).toContain("warning ECS is rolling back the deployment of shop/cart (cart:8)");
  });

  it("resetting: the guardrails roll back at their third failure, ECS's count having been reset", async () => {
    const out = await replayed(fixture(RESETTING));

    expect(out.actions).toEqual([
      expect.objectContaining({
        action: "rollback",
        cluster: "shop",
        service: "cart",
        taskDefinition: expect.stringMatching(/cart:7$/),
      }),
    ]);
    expect(out.notifications).toEqual([
      "warning First task failure in the deployment of shop/cart (cart:8)",
      "critical Roll back shop/cart from cart:8 to cart:7",
    ]);
  });

  it.each([CUMULATIVE, RESETTING])(
    "decides live as in replay (%s)",
    async (name) => {
      const input = fixture(name);

      const [inLive, inReplay] = [await live(input), await replayed(input)];

      expect(inReplay.actions).toEqual(inLive.actions);
      expect(inReplay.notifications).toEqual(inLive.notifications);
    },
    120_000,
  );
});
