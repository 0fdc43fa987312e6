import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import { inScope } from "../../../../packages/core/src/config/resolve.ts";
import { isDenied, placesOf } from "../../../../packages/core/src/engine/accounts.ts";
import { serviceKey } from "../../../../packages/core/src/model/service-ref.ts";

// Accounts and Regions in the configuration: which places a hub's tick looks at, and which
// services are in scope there. A single-account configuration is unchanged.

const HOME = { account: "111122223333", region: "us-east-1" };
const org = (scope: Record<string, unknown> = {}) =>
  parseConfig({
    scope,
    organization: {
      members: [{ account: "444455556666" }, { account: "777788889999", regions: ["eu-west-1", "us-east-1"] }],
    },
  });

describe("accounts and Regions in scope", () => {
  it("looks at home, then each member in the hub's Region or in the Regions it names", () => {
    expect(placesOf(org(), HOME)).toEqual([
      undefined,
      { account: "444455556666", region: "us-east-1" },
      { account: "777788889999", region: "eu-west-1" },
      { account: "777788889999", region: "us-east-1" },
    ]);
  });

  it("leaves out the accounts and Regions the scope does not name", () => {
    expect(placesOf(org({ accounts: ["7777*"], regions: ["eu-*"] }), HOME)).toEqual([
      { account: "777788889999", region: "eu-west-1" },
    ]);
  });

  it("looks at home alone without an organization", () => {
    expect(placesOf(parseConfig({}), HOME)).toEqual([undefined]);
  });

  it("keeps a member's service out of scope when its account is not named, and home's in when home is", () => {
    const config = org({ accounts: ["home", "4444*"] });

    expect(inScope(config, { cluster: "prod", service: "web" })).toBe(true);
    expect(inScope(config, { cluster: "prod", service: "web", account: "444455556666", region: "us-east-1" })).toBe(
      true,
    );
    expect(inScope(config, { cluster: "prod", service: "web", account: "777788889999", region: "us-east-1" })).toBe(
      false,
    );
  });

  it("refuses an account id that is not 12 digits with one line naming it", () => {
    expect(() => parseConfig({ organization: { members: [{ account: "4444" }] } })).toThrow(/12 digits/);
  });

  it("keys a member's service with its account and Region, home's as before", () => {
    expect(serviceKey({ cluster: "prod", service: "web" })).toBe("prod/web");
    expect(serviceKey({ cluster: "prod", service: "web", account: "444455556666", region: "us-east-1" })).toBe(
      "444455556666/us-east-1/prod/web",
    );
  });

  it("tells a denied member (missing role, refused trust) from a transient fault", () => {
    const named = (name: string) => Object.assign(new Error("x"), { name });

    expect(isDenied(named("AccessDenied"))).toBe(true);
    expect(isDenied(named("AccessDeniedException"))).toBe(true);
    expect(isDenied(named("ThrottlingException"))).toBe(false);
  });

  it("tells a denial that arrives as the cause of an adapter's error (the role assumed on the first call)", () => {
    const wrapped = (name: string) =>
      new Error("ECS ListClusters failed", { cause: Object.assign(new Error("x"), { name }) });

    expect(isDenied(wrapped("AccessDenied"))).toBe(true);
    expect(isDenied(wrapped("ThrottlingException"))).toBe(false);
  });
});
