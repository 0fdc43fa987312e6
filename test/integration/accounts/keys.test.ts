import { describe, expect, it } from "vitest";
import { DynamoDecisionStore } from "../../../packages/aws/src/history/decision-store.ts";
import { DEFAULT_RETENTION } from "../../../packages/aws/src/history/retention.ts";
import { ingestEvent } from "../../../packages/core/src/engine/ingest.ts";
import { importKey } from "../../../packages/core/src/engine/import-history.ts";
import type { OpenIntent } from "../../../packages/core/src/model/decision.ts";
import type { ServiceRef } from "../../../packages/core/src/model/service-ref.ts";
import { stops, taskStateChange } from "../../../packages/sim/src/events/builders.ts";
import { fixedResolver, freshStore } from "../../support/history.ts";

// Two accounts behind one hub, each with a `prod/web`, on the real DynamoDB Local: they share
// no history, no claim and no decision. The home account keeps the keys it always had.

const HOME = { account: "111122223333", region: "us-east-1" };
const MEMBER = { account: "444455556666", region: "us-east-1" };
const homeWeb: ServiceRef = { cluster: "prod", service: "web" };
const memberWeb: ServiceRef = { cluster: "prod", service: "web", ...MEMBER };
const AT = "2026-11-20T10:00:00.000Z";

async function hub() {
  const { store, client, tableName } = await freshStore();
  const decisions = new DynamoDecisionStore({ client, tableName, reads: store, retention: DEFAULT_RETENTION });
  const deps = { history: store, deployments: fixedResolver({}), home: HOME };
  return { store, decisions, deps };
}

const crash = (account: string, taskId: string) =>
  taskStateChange({
    account,
    region: "us-east-1",
    cluster: "prod",
    service: "web",
    taskId,
    deploymentId: "ecs-svc/2",
    taskDefinition: "web:8",
    version: 3,
    lastStatus: "STOPPED",
    time: AT,
    stop: stops.crash(1),
  });

const intent = (key: string): OpenIntent => ({
  key,
  owner: "me",
  until: "2026-11-20T10:02:00.000Z",
  time: AT,
  mode: "enforce",
  decision: {
    policy: "auto-rollback",
    key,
    action: undefined,
    severity: "critical",
    title: "t",
    reason: "r",
    threadId: "x",
    deploymentId: "ecs-svc/2",
    facts: {},
  },
});

describe("two accounts with the same cluster and service behind one hub", () => {
  it("keeps each account's history apart: a member's crash is not in home's prod/web", async () => {
    const { store, deps } = await hub();

    const { event } = await ingestEvent(crash(MEMBER.account, "m1"), deps);
    await ingestEvent(crash(HOME.account, "h1"), deps);
    await ingestEvent(crash(HOME.account, "h2"), deps);

    expect(event).toMatchObject({ account: MEMBER.account, region: "us-east-1" });
    const member = await store.timeline(memberWeb);
    const home = await store.timeline(homeWeb);
    expect(member.items.map((i) => i.taskId)).toEqual(["m1"]);
    expect(member.items[0]).toMatchObject({ account: MEMBER.account, region: "us-east-1" });
    expect(home.items.map((i) => i.taskId).sort()).toEqual(["h1", "h2"]);
    expect((await store.getDeployment(memberWeb, "ecs-svc/2"))?.failureCount).toBe(1);
    expect((await store.getDeployment(homeWeb, "ecs-svc/2"))?.failureCount).toBe(2);
  });

  it("claims a key once per account: the member's import claim does not block home's", async () => {
    const { decisions } = await hub();

    const member = await decisions.claimOnce(importKey(memberWeb), AT);
    const home = await decisions.claimOnce(importKey(homeWeb), AT);

    expect(member).toEqual({ status: "claimed" });
    expect(home).toEqual({ status: "claimed" });
  });

  it("keeps decisions apart: the same decision key is claimed in each account, and parked decisions name their account", async () => {
    const { decisions } = await hub();
    const key = "auto-rollback#rollback#ecs-svc/2";
    const options = { now: new Date(AT), lockSeconds: 120 };

    expect(await decisions.claim(memberWeb, intent(key), options)).toEqual({ status: "claimed" });
    expect(await decisions.claim(homeWeb, intent(key), options)).toEqual({ status: "claimed" });
    expect(await decisions.claim(memberWeb, intent(key), options)).toEqual({ status: "busy" });

    const parked = await decisions.parkedDecisions();
    expect(parked.map((p) => `${p.account ?? "home"}/${p.cluster}/${p.service}`).sort()).toEqual([
      `${MEMBER.account}/prod/web`,
      "home/prod/web",
    ]);
  });

  it("keys a home event as before: parsed without a home, an event's account is left out", async () => {
    const { store } = await hub();
    await ingestEvent(crash(MEMBER.account, "m1"), { history: store, deployments: fixedResolver({}) });
    expect((await store.timeline(homeWeb)).items.map((i) => i.taskId)).toEqual(["m1"]);
  });
});
