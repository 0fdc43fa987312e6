import { ECSClient, ListClustersCommand, ListServicesCommand } from "@aws-sdk/client-ecs";
import { STSClient } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memberCredentials, memberRoleArn } from "../../../packages/aws/src/accounts/member-credentials.ts";
import { EcsSimulator } from "../../../packages/sim/src/api.ts";
import { startWorld, webService, type World } from "../sim/world.ts";

// The local endpoints serve several accounts: STS AssumeRole answers keys that name the member,
// a member's signed requests reach its own ECS, and a removed role answers AccessDenied.

const MEMBER = "444455556666";
const ROLE = "ecs-guardrails-member";
let world: World;
let member: EcsSimulator;
let roles: Set<string>;

beforeEach(async () => {
  roles = new Set([memberRoleArn(MEMBER, ROLE)]);
  member = new EcsSimulator({
    clock: { now: () => Date.parse("2026-03-02T09:00:00Z") } as never,
    emit: () => {},
    account: MEMBER,
  });
  world = await startWorld({ endpoints: { members: { [MEMBER]: { ecs: member, roles } } } });
  webService(world, { desiredCount: 1 });
});
afterEach(async () => world.close());

const stsOf = (w: World) => new STSClient(w.clientConfig);

describe("several accounts in the simulator", () => {
  it("reaches the member's own ECS with the keys AssumeRole returned", async () => {
    member.addCluster("batch");
    const credentials = memberCredentials({ sts: stsOf(world), roleName: ROLE, now: world.clock.now })(MEMBER);
    const ecs = new ECSClient({ ...world.clientConfig, credentials });

    const home = await world.ecs.send(new ListServicesCommand({ cluster: "prod" }));
    const clusters = await ecs.send(new ListClustersCommand({}));

    expect(home.serviceArns).toEqual([expect.stringContaining(":111122223333:service/prod/web")]);
    expect(clusters.clusterArns).toEqual([`arn:aws:ecs:us-east-1:${MEMBER}:cluster/batch`]);
    expect((await credentials()).accessKeyId).toBe(`ASIASIM${MEMBER}`);
  });

  it("assumes the role once per account while the keys are fresh", async () => {
    const provider = memberCredentials({ sts: stsOf(world), roleName: ROLE, now: world.clock.now })(MEMBER);

    await provider();
    await provider();

    expect(world.calls.filter((c) => c.service === "STS" && c.operation === "AssumeRole")).toHaveLength(1);
  });

  it("answers AccessDenied for a role that was removed, and asks again on the next call", async () => {
    const provider = memberCredentials({ sts: stsOf(world), roleName: ROLE, now: world.clock.now })(MEMBER);
    roles.clear();

    await expect(provider()).rejects.toMatchObject({ name: "AccessDenied" });
    roles.add(memberRoleArn(MEMBER, ROLE));
    await expect(provider()).resolves.toMatchObject({ accessKeyId: `ASIASIM${MEMBER}` });
  });
});
