import { describe, expect, it } from "vitest";
import { DynamoDecisionStore } from "../../../packages/aws/src/history/decision-store.ts";
import { DEFAULT_RETENTION } from "../../../packages/aws/src/history/retention.ts";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { reconcileServices, type ReconcileDeps } from "../../../packages/core/src/engine/reconcile.ts";
import { RecordingNotifier } from "../../kit/recording-notifier.ts";
import { deployment, deploymentArn, fakeEcsHistory, revision, revisionArn, td } from "../../support/ecs-history.ts";
import { freshStore } from "../../support/history.ts";
import { manyServices } from "../../support/many-services.ts";
import { inFallback, minute, ON_DEMAND_ONLY } from "../../support/spot-snapshots.ts";

// The reconcile imports ECS's deployment history of the services it meets, but only a per-tick
// allowance of them: the rest wait for later ticks, so a first tick over many services never
// spends the ECS budget the tick's own reads and the ingest share.

async function world(names: string[]) {
  const { store: history, client, tableName } = await freshStore();
  const ecs = manyServices(names, { capacityProviderStrategy: ON_DEMAND_ONLY });
  const store = new DynamoDecisionStore({ client, tableName, reads: history, retention: DEFAULT_RETENTION });
  const ecsHistory = fakeEcsHistory(
    [deployment(deploymentArn("prod", "x", "SD1"), revisionArn("prod", "x", "7"), "SUCCESSFUL", minute(-600))],
    [revision(revisionArn("prod", "x", "7"), td("x", 1), minute(-600))],
  );
  let now = new Date(minute(0));
  const deps: ReconcileDeps = {
    config: parseConfig({ policies: { "spot-fallback": { mode: "enforce" } } }),
    store,
    history,
    ecs: ecs.gateway,
    notifier: new RecordingNotifier(),
    clock: { now: () => now },
    imports: { ecsHistory: ecsHistory.port, ledger: store, history },
  };
  for (const service of names)
    await store.savePolicyState({ cluster: "prod", service }, "spot-fallback", {
      value: inFallback(),
      attention: true,
    });
  const tick = async (m: number) => {
    now = new Date(minute(m));
    const before = ecsHistory.calls.length;
    await reconcileServices(deps, { importsPerTick: 2 });
    return ecsHistory.calls.slice(before).map((c) => c.call);
  };
  return { tick, history };
}

describe("imports in the reconcile", () => {
  it("import at most the per-tick allowance of services a tick, the rest at later ticks, each once", async () => {
    const names = ["a", "b", "c", "d", "e"];
    const w = await world(names);

    const perTick = [];
    for (const m of [1, 6, 11, 16]) perTick.push((await w.tick(m)).filter((c) => c === "list").length);

    expect(perTick).toEqual([2, 2, 1, 0]);
    for (const service of names)
      expect((await w.history.getServiceState({ cluster: "prod", service }))?.imported?.status).toBe("imported");
  });
});
