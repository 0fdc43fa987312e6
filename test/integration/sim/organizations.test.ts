import { ListParentsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { OrganizationsParents } from "../../../packages/aws/src/organizations/parents.ts";
import { ancestorsOf } from "../../../packages/core/src/organization/ou-paths.ts";
import type { SimulatedOrganization } from "../../../packages/sim/src/endpoints/organizations.ts";
import { startWorld, type World } from "./world.ts";

// The local endpoints' AWS Organizations: ListParents over a configured tree, its replies and
// errors checked against botocore's `organizations` model (test/support/aws-models-setup.ts),
// read through the project's adapter as the hub reads it.

const PAYMENTS = "222233334444";
let world: World;
let org: SimulatedOrganization;
let client: OrganizationsClient;

beforeEach(async () => {
  org = {
    parents: { [PAYMENTS]: "ou-ab12-child000", "ou-ab12-child000": "ou-ab12-prod0000", "ou-ab12-prod0000": "r-ab12" },
  };
  world = await startWorld({ endpoints: { organization: org } });
  client = new OrganizationsClient(world.clientConfig);
});
afterEach(() => world.close());

describe("the local AWS Organizations", () => {
  it("answers an account's ancestors up to the root, one ListParents per level, through the adapter", async () => {
    expect(await ancestorsOf(PAYMENTS, new OrganizationsParents(client))).toEqual([
      "ou-ab12-child000",
      "ou-ab12-prod0000",
      "r-ab12",
    ]);
    expect(world.calls.filter((c) => c.service === "Organizations").map((c) => c.operation)).toEqual([
      "ListParents",
      "ListParents",
      "ListParents",
    ]);
  });

  it("types each parent as AWS does: an OU, or the root", async () => {
    const out = await client.send(new ListParentsCommand({ ChildId: "ou-ab12-prod0000" }));

    expect(out.Parents).toEqual([{ Id: "r-ab12", Type: "ROOT" }]);
  });

  it.each([
    ["access-denied", "AccessDeniedException"],
    ["not-in-use", "AWSOrganizationsNotInUseException"],
    ["throttled", "TooManyRequestsException"],
  ] as const)("can deny (%s), and the SDK raises %s by name", async (deny, name) => {
    org.deny = deny;

    await expect(new OrganizationsParents(client).parentOf(PAYMENTS)).rejects.toMatchObject({ name });
  });

  it("answers a child it does not know as AWS does", async () => {
    await expect(client.send(new ListParentsCommand({ ChildId: "999988887777" }))).rejects.toMatchObject({
      name: "ChildNotFoundException",
    });
  });

  it("has its calls checked against botocore's organizations model whenever botocore is there", () => {
    expect(typeof inject("awsModels")).toBe("boolean");
  });
});
