import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { DynamoDecisionStore } from "../../../packages/aws/src/history/decision-store.ts";
import { DEFAULT_RETENTION } from "../../../packages/aws/src/history/retention.ts";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { reconcileServices, type ReconcileDeps } from "../../../packages/core/src/engine/reconcile.ts";
import { RecordingNotifier } from "../../kit/recording-notifier.ts";
import { freshStore } from "../../support/history.ts";
import { manyServices } from "../../support/many-services.ts";
import { ecsDeployment } from "../../support/snapshots.ts";
import { inFallback, minute, ON_DEMAND_ONLY, SPOT_ONLY } from "../../support/spot-snapshots.ts";

// The organization-scale tick (issue 23): a service with nothing due costs the tick no read of
// its own. Its stored state is read with the others' a page at a time, and only a service that
// may decide, save or settle something goes through the whole pipeline.

function countRequests(client: DynamoDBClient) {
  const counted = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (input) => {
      const name = String(context.commandName).replace(/Command$/, "");
      counted.set(name, (counted.get(name) ?? 0) + 1);
      return next(input);
    },
    { step: "initialize", name: "countQuietTickRequests" },
  );
  return counted;
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `svc-${String(i).padStart(3, "0")}`);

async function world(count: number) {
  const { store: history, client, tableName } = await freshStore();
  // Spot services at their desired count, one completed deployment each: nothing due.
  const ecs = manyServices(names(count), {
    capacityProviderStrategy: SPOT_ONLY,
    deployments: [ecsDeployment("ecs-svc/1", { status: "PRIMARY", rolloutState: "COMPLETED" })],
  });
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
  const requests = countRequests(client);
  return {
    ecs,
    store,
    notifier,
    requests,
    tick: async (m: number) => {
      now = new Date(minute(m));
      requests.clear();
      return reconcileServices(deps);
    },
  };
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe("a quiet reconcile tick", () => {
  it("reads 120 quiet services' stored state a page at a time, with no read of each service", async () => {
    const w = await world(120);
    await w.tick(0); // first sight: records each service's completed deployment

    const quiet = await w.tick(5);

    expect(quiet).toMatchObject({ services: 120, results: [], failures: [] });
    // Three pages of services (state and deployment keys, 100 a request) and the tick's four
    // lists (three policies' attention lists and the parked decisions).
    expect(Object.fromEntries(w.requests)).toEqual({ BatchGetItem: 3, Query: 4 });
    expect(total(w.requests)).toBeLessThanOrEqual(Math.ceil(120 / 50) + 4);
  });

  it("still looks at a service in Spot fallback through the whole pipeline, and returns it when its cool-down is over", async () => {
    const w = await world(60);
    // Moved to on-demand by the guardrails at minute 0.
    (await w.ecs.gateway.describeService({ cluster: "prod", service: "svc-007" }))!.capacityProviderStrategy =
      ON_DEMAND_ONLY;
    await w.store.savePolicyState({ cluster: "prod", service: "svc-007" }, "spot-fallback", {
      value: inFallback(),
      attention: true,
    });
    await w.tick(0);

    await w.tick(31);

    expect(w.ecs.updates.map((u) => u.service)).toEqual(["svc-007"]);
    expect(w.requests.get("GetItem")).toBe(1);
  });

  it("still records a completed deployment it has not seen before", async () => {
    const w = await world(60);

    await w.tick(0);

    expect(w.requests.get("TransactWriteItems")).toBe(60);
  });
});
