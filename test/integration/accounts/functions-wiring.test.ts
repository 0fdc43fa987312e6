import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "../../../packages/sim/src/dynamodb/embedded.ts";
import { freshHistoryTable } from "../../support/dynamodb.ts";
import { memberRoleArn } from "../../../packages/aws/src/accounts/member-credentials.ts";
import { parseConfig } from "../../../packages/core/src/config/parse.ts";
import { EcsSimulator } from "../../../packages/sim/src/api.ts";
import { writeConfigFile } from "../../../functions/lib/config.ts";
import { engineDeps, processDeps } from "../../../functions/lib/deps.ts";
import { reconcileDeps } from "../../../functions/lib/reconcile-deps.ts";
import { makeReconcile } from "../../../functions/handlers/reconcile.ts";
import { startWorld, webService, type World } from "../sim/world.ts";

// The functions as deployed in a hub: their home is their own topic's account and Region, and a
// member's ports are ECS clients signed with the member role's keys (STS AssumeRole), in the
// member's Region. The simulator routes each request to the account its keys name.

const HOME = { account: "111122223333", region: "us-east-1" };
const MEMBER = "444455556666";
const ROLE = "ecs-guardrails-member";
let world: World;
let member: EcsSimulator;

beforeEach(async () => {
  member = new EcsSimulator({
    clock: { now: () => Date.parse("2026-03-02T09:00:00Z") } as never,
    emit: () => {},
    account: MEMBER,
  });
  world = await startWorld({
    endpoints: { members: { [MEMBER]: { ecs: member, roles: new Set([memberRoleArn(MEMBER, ROLE)]) } } },
  });
  webService(world, { desiredCount: 1 });
});
afterEach(async () => world.close());

async function setup(config: object) {
  const { tableName } = await freshHistoryTable();
  const dynamo = { endpoint: inject("dynamoEndpoint"), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const env = {
    TABLE_NAME: tableName,
    TOPIC_ARN: `arn:aws:sns:${HOME.region}:${HOME.account}:ecs-guardrails-notifications`,
    GUARDRAILS_CONFIG_FILE: writeConfigFile(parseConfig(config)),
  };
  return { env, clients: (service: string) => (service === "dynamodb" ? dynamo : world.clientConfig) };
}
const hub = { organization: { memberRoleName: ROLE, members: [{ account: MEMBER }] } };

describe("the functions' wiring behind a hub", () => {
  it("takes home as the account and Region of the functions' own topic, with no call to STS", async () => {
    const { env, clients } = await setup(hub);

    expect(processDeps(env, {}, clients).home).toEqual(HOME);
    expect(world.calls.filter((c) => c.service === "sts")).toEqual([]);
  });

  it("reaches a member's own ECS as the member role, in the member's Region", async () => {
    member.addCluster("batch");
    member.registerTaskDefinition({ family: "worker", cpu: 256, memory: 512 });
    member.addService({ cluster: "batch", name: "worker", taskDefinition: "worker:1", desiredCount: 1 });
    const { env, clients } = await setup(hub);
    const deps = engineDeps(env, {}, clients);

    const ports = await deps.forPlace!({ account: MEMBER, region: HOME.region });
    const services = await ports.ecs.listServices(["*"]);

    expect(services.map((s) => s.service)).toEqual(["worker"]);
    const home = await engineDeps(env, {}, clients).ecs.listServices(["*"]);
    expect(home.map((s) => s.service)).toEqual(["web"]);
  });

  it("imports a member's service's ECS history from the member's ECS, never from home's", async () => {
    member.addCluster("batch");
    member.registerTaskDefinition({ family: "worker", cpu: 256, memory: 512 });
    member.addService({ cluster: "batch", name: "worker", taskDefinition: "worker:1", desiredCount: 1 });
    const { env, clients } = await setup(hub);
    const ref = { cluster: "batch", service: "worker", account: MEMBER, region: HOME.region };

    const ports = await processDeps(env, {}, clients).forPlace!({ account: MEMBER, region: HOME.region });
    const listed = await ports.imports!.ecsHistory.listServiceDeployments(ref, {});

    expect(listed.deployments.map((d) => d.serviceDeploymentArn)).toEqual([expect.stringContaining(`:${MEMBER}:`)]);
  });

  it("builds no member ports and keeps everything home without organization members", async () => {
    const { env, clients } = await setup({});
    const deps = processDeps(env, {}, clients);

    expect(deps.forPlace).toBeUndefined();
    expect(deps.home).toBeUndefined();
  });

  it("reconciles home and each member, and one unreachable member is reported, not fatal", async () => {
    const { env, clients } = await setup({
      organization: { memberRoleName: ROLE, members: [{ account: MEMBER }, { account: "777788889999" }] },
    });
    const infos: { message: string; data: unknown }[] = [];
    const log = { info: (message: string, data: unknown) => infos.push({ message, data }), error: () => undefined };

    await makeReconcile(reconcileDeps(env, {}, clients), log)();

    const done = infos.find((i) => i.message === "reconcile done")?.data as { accounts?: unknown[] } | undefined;
    expect(done?.accounts).toEqual([
      expect.objectContaining({ account: "home", status: "reconciled", services: 1 }),
      expect.objectContaining({ account: MEMBER, region: HOME.region, status: "reconciled", services: 0 }),
      expect.objectContaining({ account: "777788889999", status: "unreachable" }),
    ]);
  });
});
