import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "../../../packages/sim/src/dynamodb/embedded.ts";
import { freshHistoryTable } from "../../support/dynamodb.ts";
import { memberRoleArn } from "../../../packages/aws/src/accounts/member-credentials.ts";
import { parseConfig } from "../../../packages/core/src/config/parse.ts";
import { EcsSimulator } from "../../../packages/sim/src/api.ts";
import type { SimulatedOrganization } from "../../../packages/sim/src/endpoints/organizations.ts";
import { writeConfigFile } from "../../../functions/lib/config.ts";
import { processDeps } from "../../../functions/lib/deps.ts";
import { reconcileDeps } from "../../../functions/lib/reconcile-deps.ts";
import { makeReconcile } from "../../../functions/handlers/reconcile.ts";
import { startWorld, webService, type World } from "../sim/world.ts";

// Issue 23 as the functions run it: a hub whose scope names an OU reads each account's
// ancestors from (the local) AWS Organizations and looks after the accounts below that OU only.

const HOME = { account: "111122223333", region: "us-east-1" };
const MEMBER = "444455556666";
const PROD_OU = "ou-ab12-prod0000";
const ROLE = "ecs-guardrails-member";
let world: World;
let org: SimulatedOrganization;

beforeEach(async () => {
  const member = new EcsSimulator({
    clock: { now: () => Date.parse("2026-03-02T09:00:00Z") } as never,
    emit: () => {},
    account: MEMBER,
  });
  member.addCluster("batch");
  member.registerTaskDefinition({ family: "worker", cpu: 256, memory: 512 });
  member.addService({ cluster: "batch", name: "worker", taskDefinition: "worker:1", desiredCount: 1 });
  // Home is below a child OU of prod; the member sits at the root.
  org = {
    parents: {
      [HOME.account]: "ou-ab12-child000",
      "ou-ab12-child000": PROD_OU,
      [PROD_OU]: "r-ab12",
      [MEMBER]: "r-ab12",
    },
  };
  world = await startWorld({
    endpoints: {
      members: { [MEMBER]: { ecs: member, roles: new Set([memberRoleArn(MEMBER, ROLE)]) } },
      organization: org,
    },
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
const hubScopedToProd = {
  scope: { organizationalUnits: [PROD_OU] },
  organization: { memberRoleName: ROLE, members: [{ account: MEMBER }] },
};
const organizationsCalls = () => world.calls.filter((c) => c.service === "Organizations");

async function tick(config: object) {
  const { env, clients } = await setup(config);
  const infos: { message: string; data: unknown }[] = [];
  const log = { info: (message: string, data: unknown) => infos.push({ message, data }), error: () => undefined };
  await makeReconcile(reconcileDeps(env, {}, clients), log)();
  return (infos.find((i) => i.message === "reconcile done")!.data as { accounts: unknown[] }).accounts;
}

describe("a hub whose scope names an OU", () => {
  it("looks after the services of an account below a child OU of it", async () => {
    expect(await tick(hubScopedToProd)).toEqual([
      expect.objectContaining({ account: "home", status: "reconciled", services: 1 }),
      expect.objectContaining({ account: MEMBER, status: "reconciled", services: 0 }),
    ]);
    // Home: its OU, that OU's parent, the root; the member: the root.
    expect(organizationsCalls().map((c) => c.operation)).toEqual(Array(4).fill("ListParents"));
  });

  it("leaves out the services of an account outside it", async () => {
    org.parents[HOME.account] = "r-ab12";

    expect(await tick(hubScopedToProd)).toEqual([
      expect.objectContaining({ account: "home", status: "reconciled", services: 0 }),
      expect.objectContaining({ account: MEMBER, status: "reconciled", services: 0 }),
    ]);
  });

  it("looks after nothing, and says why once, when Organizations denies", async () => {
    org.deny = "access-denied";

    expect(await tick(hubScopedToProd)).toEqual([
      expect.objectContaining({ account: "home", services: 0 }),
      expect.objectContaining({ account: MEMBER, services: 0 }),
    ]);
    const titles = world.endpoints.published.map((p) => JSON.stringify(p));
    expect(titles.filter((t) => t.includes("cannot read the organization"))).toHaveLength(1);
  });

  it("builds no Organizations client and asks nothing when no rule names an OU", async () => {
    const { env, clients } = await setup({ scope: { accounts: ["home"] } });

    expect(processDeps(env, {}, clients).ouScopes).toBeUndefined();
    await tick({ scope: { accounts: ["home"] } });
    expect(organizationsCalls()).toEqual([]);
  });
});
