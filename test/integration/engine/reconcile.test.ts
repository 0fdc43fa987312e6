import { describe, expect, it } from "vitest";
import { DynamoDecisionStore } from "../../../packages/aws/src/history/decision-store.ts";
import { DEFAULT_RETENTION } from "../../../packages/aws/src/history/retention.ts";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { RecordingNotifier } from "../../kit/recording-notifier.ts";
import { reconcileServices, type ReconcileDeps } from "../../../packages/core/src/engine/reconcile.ts";
import { freshStore } from "../../support/history.ts";
import { manyServices } from "../../support/many-services.ts";
import { inFallback, minute, ON_DEMAND_ONLY } from "../../support/spot-snapshots.ts";

// The reconcile looks at each service on its own: one that fails or was deleted is reported and
// skipped, and the others are still looked at (issue 8, "Failure isolation").

async function world(names: string[]) {
  const { store: history, client, tableName } = await freshStore();
  const ecs = manyServices(names, { capacityProviderStrategy: ON_DEMAND_ONLY });
  const store = new DynamoDecisionStore({ client, tableName, reads: history, retention: DEFAULT_RETENTION });
  const notifier = new RecordingNotifier();
  let now = new Date(minute(0));
  const deps: ReconcileDeps = {
    config: parseConfig({ policies: { "spot-fallback": { mode: "enforce" } } }),
    store,
    history,
    ecs: ecs.gateway,
    notifier,
    clock: { now: () => now },
  };
  // Every service fell back to on-demand at minute 0 (the guardrails' own fallback).
  for (const service of names)
    await store.savePolicyState({ cluster: "prod", service }, "spot-fallback", {
      value: inFallback(),
      attention: true,
    });
  return { ecs, store, notifier, tick: (m: number) => ((now = new Date(minute(m))), reconcileServices(deps)) };
}

const returned = (w: Awaited<ReturnType<typeof world>>) =>
  w.ecs.updates
    .filter((u) => u.capacityProviderStrategy?.[0]?.capacityProvider === "FARGATE_SPOT")
    .map((u) => u.service);

describe("the reconcile under per-service faults", () => {
  it("still returns the other services to Spot when one of them cannot be described", async () => {
    const w = await world(["a", "b", "c"]);
    w.ecs.fail("b", new Error("Rate exceeded"));

    const result = await w.tick(31);

    expect(returned(w).sort()).toEqual(["a", "c"]);
    expect(result.failures).toEqual([{ cluster: "prod", service: "b", error: "Error: Rate exceeded" }]);
  });

  it("announces a service that keeps failing once, not every tick, and says when it works again", async () => {
    const w = await world(["a", "b"]);
    w.ecs.fail("b", new Error("AccessDenied"));
    await w.tick(10);
    await w.tick(15);
    await w.tick(20);
    const failing = w.notifier.ofType("guardrails.reconcile.failing");
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({
      severity: "warning",
      service: "b",
      title: "The guardrails cannot look at prod/b",
    });

    w.ecs.heal("b");
    await w.tick(31);
    await w.tick(36);

    expect(w.notifier.ofType("guardrails.reconcile.recovered")).toHaveLength(1);
    expect(returned(w).sort()).toEqual(["a", "b"]);
  });

  it("says nothing about a fault the next tick gets past", async () => {
    const w = await world(["a", "b"]);
    w.ecs.fail("b", new Error("Rate exceeded"));
    await w.tick(10);
    w.ecs.heal("b");
    await w.tick(15);

    expect(w.notifier.published.filter((n) => n.service === "b")).toEqual([]);
  });

  it("ends the watch of a deleted service with one info notice instead of failing every tick", async () => {
    const w = await world(["a", "gone"]);
    w.ecs.remove("gone");

    const first = await w.tick(31);
    await w.tick(36);

    expect(first.failures).toEqual([]);
    expect(await w.store.servicesNeedingAttention("spot-fallback")).toEqual([]);
    const notices = w.notifier.published.filter((n) => n.service === "gone");
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      severity: "info",
      title: "Stopped watching prod/gone: the service no longer exists",
    });
    expect(returned(w)).toEqual(["a"]);
  });
});
