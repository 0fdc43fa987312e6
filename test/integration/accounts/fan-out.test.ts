import { describe, expect, it } from "vitest";
import { DynamoDecisionStore } from "../../../packages/aws/src/history/decision-store.ts";
import { DEFAULT_RETENTION } from "../../../packages/aws/src/history/retention.ts";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { type AccountPass, reconcileAccounts } from "../../../packages/core/src/engine/accounts.ts";
import type { ReconcileDeps } from "../../../packages/core/src/engine/reconcile.ts";
import type { Place } from "../../../packages/core/src/model/service-ref.ts";
import { tickingPolicies } from "../../../packages/core/src/registry.ts";
import { RecordingNotifier } from "../../kit/recording-notifier.ts";
import { freshStore } from "../../support/history.ts";
import { manyServices } from "../../support/many-services.ts";
import { inFallback, minute, ON_DEMAND_ONLY } from "../../support/spot-snapshots.ts";

// The reconcile across accounts: each account's pass with its own ECS, in parallel; a member
// whose role is missing is announced once a day and the others act (issue 23).

const A: Place = { account: "444455556666", region: "us-east-1" };
const GONE: Place = { account: "777788889999", region: "us-east-1" };

function denied(): Error {
  const error = new Error(`User is not authorized to perform: sts:AssumeRole on arn:aws:iam::${GONE.account}:role/x`);
  error.name = "AccessDenied";
  return error;
}

async function organization() {
  const { store: history, client, tableName } = await freshStore();
  const store = new DynamoDecisionStore({ client, tableName, reads: history, retention: DEFAULT_RETENTION });
  const notifier = new RecordingNotifier();
  let now = new Date(minute(0));
  const clock = { now: () => now };
  const ecs = {
    home: manyServices(["web"], { capacityProviderStrategy: ON_DEMAND_ONLY }),
    a: manyServices(["web"], { capacityProviderStrategy: ON_DEMAND_ONLY }),
  };
  const deps = (gateway: ReconcileDeps["ecs"]): ReconcileDeps => ({
    config: parseConfig({ policies: { "spot-fallback": { mode: "enforce" } } }),
    store,
    history,
    ecs: gateway,
    notifier,
    clock,
  });
  for (const place of [{}, A, GONE])
    await store.savePolicyState({ cluster: "prod", service: "web", ...place }, "spot-fallback", {
      value: inFallback(),
      attention: true,
    });
  const passes: AccountPass[] = [
    { place: undefined, deps: async () => deps(ecs.home.gateway) },
    { place: A, deps: async () => deps(ecs.a.gateway) },
    { place: GONE, deps: async () => Promise.reject(denied()) },
  ];
  const tick = (m: number) => (
    (now = new Date(minute(m))), reconcileAccounts(passes, { ledger: store, notifier, clock })
  );
  return { ecs, notifier, store, tick };
}

const toSpot = (e: ReturnType<typeof manyServices>) =>
  e.updates.filter((u) => u.capacityProviderStrategy?.[0]?.capacityProvider === "FARGATE_SPOT").map((u) => u.service);

describe("the reconcile across accounts", () => {
  it("returns each reachable account's prod/web to Spot in that account, and announces the unreachable one once", async () => {
    const org = await organization();

    const first = await org.tick(31);
    const second = await org.tick(36);

    expect(toSpot(org.ecs.home)).toEqual(["web"]);
    expect(toSpot(org.ecs.a)).toEqual(["web"]);
    expect(first.map((o) => o.status)).toEqual(["reconciled", "reconciled", "unreachable"]);
    expect(second[2]).toMatchObject({ status: "unreachable", announced: false });
    const unreachable = org.notifier.published.filter((n) => n.eventType === "guardrails.account.unreachable");
    expect(unreachable).toHaveLength(1);
    expect(unreachable[0]).toMatchObject({ account: GONE.account, region: "us-east-1" });
  });

  it("names the member's account and Region on the notice of its decision", async () => {
    const org = await organization();

    await org.tick(31);

    const member = org.notifier.published.filter((n) => n.policy === "spot-fallback" && n.account === A.account);
    const home = org.notifier.published.filter((n) => n.policy === "spot-fallback" && n.account === undefined);
    expect(member).toHaveLength(1);
    expect(home).toHaveLength(1);
    expect(member[0]!.description).toContain(`in account ${A.account} (us-east-1)`);
  });

  it("reads the tick's lists (attention, parked decisions) once for every account, not once per account", async () => {
    const org = await organization();
    const calls = { attention: 0, parked: 0 };
    const attention = org.store.servicesNeedingAttention.bind(org.store);
    const parked = org.store.parkedDecisions.bind(org.store);
    org.store.servicesNeedingAttention = (policy) => ((calls.attention += 1), attention(policy));
    org.store.parkedDecisions = () => ((calls.parked += 1), parked());

    await org.tick(31);

    expect(toSpot(org.ecs.a)).toEqual(["web"]);
    expect(calls.parked).toBe(1);
    expect(calls.attention).toBe(tickingPolicies.filter((p) => p.policy.tick).length);
  });

  it("fails the tick when home cannot be listed: the schedule retries it", async () => {
    const org = await organization();
    org.ecs.home.gateway.listServices = async () => Promise.reject(denied());

    await expect(org.tick(31)).rejects.toThrow(/not authorized/);
  });
});
