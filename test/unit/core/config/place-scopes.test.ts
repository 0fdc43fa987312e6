import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { inScope, resolveSettings } from "@ecs-guardrails/core/config/resolve";
import { namesOrganizationalUnits, settleOrganizationalUnits } from "@ecs-guardrails/core/config/ou-scopes";
import type { ConfigInput } from "@ecs-guardrails/core/config/schema";

// Issue 23: rules scoped by account, Region and organizational unit (OU), besides clusters and
// services. An account is in an OU when the OU is among its ancestors; the hub learns them
// from AWS Organizations and settles the configuration for that account (ou-scopes.ts).

const PAYMENTS = "222233334444";
const SEARCH = "777788889999";
const PROD_OU = "ou-ab12-cdef3456";
const CHILD_OU = "ou-ab12-child000";
const SANDBOX_OU = "ou-ab12-sandbox0";
const ROOT = "r-ab12";
const at = (account: string, region = "eu-west-1") => ({ cluster: "prod", service: "web", account, region });
const modeOf = (config: ReturnType<typeof parseConfig>, ref: ReturnType<typeof at>) =>
  resolveSettings(config, ref).policies["auto-rollback"].mode;

describe("an override scoped by account and Region", () => {
  const config = parseConfig({
    overrides: [
      {
        accounts: [PAYMENTS],
        regions: ["eu-west-1"],
        cluster: "prod",
        service: "*",
        policies: { "auto-rollback": { mode: "enforce" } },
      },
    ],
  } satisfies ConfigInput);

  it("applies to the services of that account in that Region", () => {
    expect(modeOf(config, at(PAYMENTS))).toBe("enforce");
  });

  it("does not apply in another account, another Region, or at home", () => {
    expect(modeOf(config, at(SEARCH))).toBe("observe");
    expect(modeOf(config, at(PAYMENTS, "us-east-1"))).toBe("observe");
    expect(resolveSettings(config, { cluster: "prod", service: "web" }).policies["auto-rollback"].mode).toBe("observe");
  });

  it("matches home's services by the word home, as the scope does", () => {
    const home = parseConfig({ overrides: [{ accounts: ["home"], policies: { "auto-rollback": { mode: "off" } } }] });

    expect(resolveSettings(home, { cluster: "prod", service: "web" }).policies["auto-rollback"].mode).toBe("off");
    expect(modeOf(home, at(PAYMENTS))).toBe("observe");
  });
});

describe("a rule scoped to an OU", () => {
  const input: ConfigInput = {
    policies: { "auto-rollback": { mode: "enforce" } },
    overrides: [
      { organizationalUnits: [SANDBOX_OU], cluster: "prod", policies: { "auto-rollback": { mode: "off" } } },
      { organizationalUnits: [PROD_OU], policies: { "auto-rollback": { failureThreshold: 7 } } },
    ],
  };
  const config = parseConfig(input);
  // The account's parents, nearest first, up to the root.
  const inChildOfProd = [CHILD_OU, PROD_OU, ROOT];
  const inSandbox = [SANDBOX_OU, ROOT];

  it("applies to a member in a child OU of the OU it names", () => {
    const settled = settleOrganizationalUnits(config, inChildOfProd);

    expect(resolveSettings(settled, at(PAYMENTS)).policies["auto-rollback"]).toMatchObject({
      mode: "enforce",
      failureThreshold: 7,
    });
  });

  it("does not apply to a member outside it", () => {
    const settled = settleOrganizationalUnits(config, inSandbox);

    expect(resolveSettings(settled, at(SEARCH)).policies["auto-rollback"]).toMatchObject({
      mode: "off",
      failureThreshold: 3,
    });
  });

  it("while the account's OUs are unknown, applies nowhere and holds the policies it names from acting", () => {
    // Unknown (Organizations unreadable): the sandbox's `off` might be meant for this account,
    // so enforce must not act; the policy takes the mode that acts least (off here).
    const unknown = settleOrganizationalUnits(config, undefined);

    expect(resolveSettings(unknown, at(SEARCH)).policies["auto-rollback"]).toMatchObject({
      mode: "off",
      failureThreshold: 3,
    });
  });

  it("holds an enforced policy at observe while an unknown OU rule changes any of its settings", () => {
    const thresholdOnly = parseConfig({
      policies: { "auto-rollback": { mode: "enforce" } },
      overrides: [{ organizationalUnits: [PROD_OU], policies: { "auto-rollback": { failureThreshold: 7 } } }],
    });

    expect(resolveSettings(thresholdOnly, at(PAYMENTS)).policies["auto-rollback"]).toMatchObject({
      mode: "observe",
      failureThreshold: 3,
    });
    expect(resolveSettings(thresholdOnly, at(PAYMENTS)).policies["spot-fallback"].mode).toBe("observe");
  });

  it("keeps a policy off when the unknown rule or the rest says off", () => {
    const offByDefault = parseConfig({
      policies: { "auto-rollback": { mode: "off" } },
      overrides: [{ organizationalUnits: [PROD_OU], policies: { "auto-rollback": { mode: "enforce" } } }],
    });

    expect(modeOf(offByDefault, at(PAYMENTS))).toBe("off");
  });

  it("leaves a configuration that names no OU as it is", () => {
    const plain = parseConfig({ overrides: [{ cluster: "prod", policies: { "auto-rollback": { mode: "off" } } }] });

    expect(namesOrganizationalUnits(plain)).toBe(false);
    expect(namesOrganizationalUnits(config)).toBe(true);
    expect(settleOrganizationalUnits(plain, inSandbox)).toBe(plain);
  });
});

describe("a scope limited to OUs", () => {
  const config = parseConfig({ scope: { organizationalUnits: [PROD_OU] } });

  it("takes in the services of an account below the OU", () => {
    expect(inScope(settleOrganizationalUnits(config, [CHILD_OU, PROD_OU, ROOT]), at(PAYMENTS))).toBe(true);
  });

  it("leaves out an account outside it, and every account whose OUs are unknown", () => {
    expect(inScope(settleOrganizationalUnits(config, [SANDBOX_OU, ROOT]), at(SEARCH))).toBe(false);
    expect(inScope(settleOrganizationalUnits(config, undefined), at(PAYMENTS))).toBe(false);
    expect(inScope(config, at(PAYMENTS))).toBe(false);
  });
});

describe("account, Region and OU ids in the configuration", () => {
  it.each([
    [{ scope: { accounts: ["22223333444"] } }, "scope.accounts.0", "12 digits"],
    [{ scope: { regions: ["eu-west"] } }, "scope.regions.0", "Region"],
    [{ scope: { organizationalUnits: ["ou-AB12"] } }, "scope.organizationalUnits.0", "ou-"],
    [{ overrides: [{ accounts: ["payments"], policies: {} }] }, "overrides.0.accounts.0", "12 digits"],
    [{ overrides: [{ regions: ["EU-WEST-1"], policies: {} }] }, "overrides.0.regions.0", "Region"],
    [{ overrides: [{ organizationalUnits: ["ou-*"], policies: {} }] }, "overrides.0.organizationalUnits.0", "ou-"],
  ])("are rejected with a line naming the key: %j", (input, key, why) => {
    expect(() => parseConfig(input)).toThrow(new RegExp(`${key.replaceAll(".", "\\.")}: [^;]*${why}`));
  });

  it.each([
    { scope: { accounts: ["home", PAYMENTS, "7777*", "44445555666?"], regions: ["home", "eu-*", "us-gov-west-1"] } },
    { scope: { organizationalUnits: [PROD_OU, ROOT] } },
    {
      overrides: [{ accounts: [PAYMENTS], regions: ["ap-southeast-2"], organizationalUnits: [PROD_OU], policies: {} }],
    },
  ])("accept account ids, globs, Regions, OU and root ids: %j", (input) => {
    expect(() => parseConfig(input)).not.toThrow();
  });
});
