import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../../packages/core/src/config/parse.ts";
import { jobPlace } from "../../../../../packages/core/src/capabilities/deploy-stage/place.ts";

// Where a job's service runs: home, a configured member in one of its Regions, or a mistake
// named in one line (a pipeline in one account deploying to another).

const HOME = { account: "111122223333", region: "eu-west-1" };
const hub = parseConfig({
  organization: { members: [{ account: "444455556666" }, { account: "777788889999", regions: ["us-*"] }] },
});

describe("the place of a pipeline job's service", () => {
  it("is home for names, and for an ARN naming home's account and Region", () => {
    expect(jobPlace(undefined, HOME, hub)).toEqual({ ok: true, place: undefined });
    expect(jobPlace(HOME, HOME, hub)).toEqual({ ok: true, place: undefined });
  });

  it("is a member named by the ARN, in the hub's Region when the member names none", () => {
    const place = { account: "444455556666", region: "eu-west-1" };
    expect(jobPlace(place, HOME, hub)).toEqual({ ok: true, place });
  });

  it("is a member in one of the Regions it lists", () => {
    const place = { account: "777788889999", region: "us-east-2" };
    expect(jobPlace(place, HOME, hub)).toEqual({ ok: true, place });
  });

  it("refuses a member's Region it does not list, and an account that is no member, naming it", () => {
    expect(jobPlace({ account: "777788889999", region: "eu-west-1" }, HOME, hub)).toEqual({
      ok: false,
      problem:
        "UserParameters.service names account 777788889999 (eu-west-1), which is neither this account nor a member in organization.members",
    });
    expect(jobPlace({ account: "999988887777", region: "eu-west-1" }, HOME, parseConfig({}))).toMatchObject({
      ok: false,
      problem: expect.stringContaining("account 999988887777 (eu-west-1)"),
    });
  });

  it("is home for everything without a home (tests and local tools, as before accounts)", () => {
    expect(jobPlace({ account: "999988887777", region: "eu-west-1" }, undefined, hub)).toEqual({
      ok: true,
      place: undefined,
    });
  });
});
