import { describe, expect, it } from "vitest";
import { EcsDeploymentResolver } from "../../../packages/aws/src/ecs/deployment-resolver.ts";
import { EcsServiceGateway } from "../../../packages/aws/src/ecs/service-gateway.ts";
import type { Place } from "../../../packages/core/src/model/service-ref.ts";
import { guardrails } from "../../support/engine.ts";
import { fakeEcs } from "../../support/fake-ecs.ts";
import { crash, enforce, history, service, td } from "../../support/rollout-scenario.ts";

// Two accounts behind one hub, each with a `prod/web` on the same revisions; the member's is
// crash-looping. The hub rolls back once, in the member's ECS, through the member's ports; home's
// prod/web is untouched. Without the member's ports the hub records and never acts.

const HOME = { account: "111122223333", region: "us-east-1" };
const MEMBER = "444455556666";
const fromMember = (event: object) => JSON.parse(JSON.stringify(event).replaceAll(HOME.account, MEMBER)) as object;

async function hub(options: { memberPorts: boolean }) {
  const g = await guardrails({ config: enforce, service: service() });
  const member = fakeEcs(service());
  const asked: Place[] = [];
  g.deps.home = HOME;
  if (options.memberPorts)
    g.deps.forPlace = async (place) => {
      asked.push(place);
      return { ecs: new EcsServiceGateway(member.client), deployments: new EcsDeploymentResolver(member.client) };
    };
  return { g, member, asked };
}

describe("a crash loop in one of two accounts with the same prod/web", () => {
  it("rolls back once, in the member's account, with the member's ports", async () => {
    const { g, member, asked } = await hub({ memberPorts: true });

    for (const e of history()) await g.send(e);
    for (const e of history()) await g.send(fromMember(e));
    for (const n of [1, 2, 3, 4]) await g.send(fromMember(crash(n)));

    expect(member.updates.filter((u) => u.taskDefinition).map((u) => u.taskDefinition)).toEqual([td(41)]);
    expect(g.rollbacks()).toEqual([]);
    expect(new Set(asked.map((p) => p.account))).toEqual(new Set([MEMBER]));
    const rollback = g.messages().find((m) => m.MessageAttributes?.["account"]?.StringValue === MEMBER);
    expect(rollback?.Subject).toContain(`${MEMBER}/us-east-1 prod/web`);
  });

  it("records a member's events but decides nothing when it has no ports for the member", async () => {
    const { g, member } = await hub({ memberPorts: false });

    for (const e of history()) await g.send(e);
    for (const e of history()) await g.send(fromMember(e));
    const results = [];
    for (const n of [1, 2, 3, 4]) results.push(await g.send(fromMember(crash(n))));

    expect(results.map((r) => r.outcome.status)).toEqual(["recorded", "recorded", "recorded", "recorded"]);
    expect(results.flatMap((r) => r.results)).toEqual([]);
    expect(g.rollbacks()).toEqual([]);
    expect(member.updates).toEqual([]);
  });
});
