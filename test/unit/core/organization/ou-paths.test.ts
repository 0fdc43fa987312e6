import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import { inScope, resolveSettings } from "../../../../packages/core/src/config/resolve.ts";
import type { OrganizationParents } from "../../../../packages/core/src/engine/ports.ts";
import type { LedgerClaim } from "../../../../packages/core/src/engine/ledger.ts";
import {
  ANCESTORS_KEPT_MS,
  configByAccount,
  RETRY_AFTER_MS,
} from "../../../../packages/core/src/organization/ou-paths.ts";
import { RecordingNotifier } from "../../../kit/recording-notifier.ts";

// Issue 23: the hub reads each account's ancestors from AWS Organizations (ListParents, one
// level per call) to settle the rules scoped to OUs: once a day per account, never for a rule
// set that names no OU, and the safe side when Organizations cannot be read.

const HOME = "111122223333";
const PAYMENTS = "222233334444"; // in ou-ab12-child000, below ou-ab12-prod0000
const SEARCH = "777788889999"; // in ou-ab12-sandbox0
const TREE: Record<string, { id: string; root: boolean }> = {
  [PAYMENTS]: { id: "ou-ab12-child000", root: false },
  "ou-ab12-child000": { id: "ou-ab12-prod0000", root: false },
  "ou-ab12-prod0000": { id: "r-ab12", root: true },
  [SEARCH]: { id: "ou-ab12-sandbox0", root: false },
  "ou-ab12-sandbox0": { id: "r-ab12", root: true },
  [HOME]: { id: "r-ab12", root: true },
};

class FakeOrganization implements OrganizationParents {
  calls: string[] = [];
  denied: Error | undefined;
  async parentOf(childId: string) {
    this.calls.push(childId);
    if (this.denied) throw this.denied;
    return TREE[childId]!;
  }
}

function denied(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

function setup(input: Parameters<typeof parseConfig>[0]) {
  const organization = new FakeOrganization();
  const notifier = new RecordingNotifier();
  const claims = new Set<string>();
  const ledger = {
    async claimOnce<I>(key: string): Promise<LedgerClaim<I>> {
      if (claims.has(key)) return { status: "claimed-before", intent: undefined, done: false };
      claims.add(key);
      return { status: "claimed" };
    },
  };
  let now = Date.parse("2026-12-06T10:00:00Z");
  const clock = { now: () => new Date(now) };
  const scopes = configByAccount(parseConfig(input), { parents: organization, clock, ledger, notifier }, HOME);
  return {
    organization,
    notifier,
    configOf: (a: string | undefined) => scopes.configOf(a),
    advance: (ms: number) => (now += ms),
  };
}

const ouRules = {
  policies: { "auto-rollback": { mode: "observe" as const } },
  overrides: [
    { organizationalUnits: ["ou-ab12-prod0000"], policies: { "auto-rollback": { mode: "enforce" as const } } },
  ],
};
const web = (account: string) => ({ cluster: "prod", service: "web", account, region: "eu-west-1" });
const modeIn = async (s: ReturnType<typeof setup>, account: string) =>
  resolveSettings(await s.configOf(account), web(account)).policies["auto-rollback"].mode;

describe("rules scoped to an OU, with the organization readable", () => {
  it("apply to a member in a child OU of the OU they name, and not to a member outside it", async () => {
    const s = setup(ouRules);

    expect(await modeIn(s, PAYMENTS)).toBe("enforce");
    expect(await modeIn(s, SEARCH)).toBe("observe");
  });

  it("walk each account up to the root once, then answer from memory for a day", async () => {
    const s = setup(ouRules);

    await s.configOf(PAYMENTS);
    await s.configOf(PAYMENTS);
    expect(s.organization.calls).toEqual([PAYMENTS, "ou-ab12-child000", "ou-ab12-prod0000"]);

    s.advance(ANCESTORS_KEPT_MS + 1);
    await s.configOf(PAYMENTS);
    expect(s.organization.calls).toHaveLength(6);
  });

  it("share one walk between events of one account arriving together", async () => {
    const s = setup(ouRules);

    await Promise.all([s.configOf(PAYMENTS), s.configOf(PAYMENTS), s.configOf(PAYMENTS)]);

    expect(s.organization.calls).toHaveLength(3);
  });

  it("settle home's services with the hub's own account", async () => {
    const s = setup({ scope: { organizationalUnits: ["r-ab12"] } });

    expect(inScope(await s.configOf(undefined), { cluster: "prod", service: "web" })).toBe(true);
    expect(s.organization.calls).toEqual([HOME]);
  });

  it("never ask Organizations when no rule names an OU", async () => {
    const s = setup({ overrides: [{ accounts: [PAYMENTS], policies: { "auto-rollback": { mode: "enforce" } } }] });

    expect(await modeIn(s, PAYMENTS)).toBe("enforce");
    expect(s.organization.calls).toEqual([]);
  });
});

describe("when Organizations cannot be read", () => {
  it.each([
    ["AccessDeniedException", "You don't have permissions to access this resource."],
    ["AWSOrganizationsNotInUseException", "Your account is not a member of an organization."],
    ["TooManyRequestsException", "AWS throttled the request."],
  ])("no OU rule applies, one notice says why (%s), and it is retried", async (name, message) => {
    const s = setup({ ...ouRules, scope: { organizationalUnits: ["ou-ab12-prod0000"] } });
    s.organization.denied = denied(name, message);

    const config = await s.configOf(PAYMENTS);
    expect(inScope(config, web(PAYMENTS))).toBe(false);
    expect(resolveSettings(config, web(PAYMENTS)).policies["auto-rollback"].mode).toBe("observe");
    expect(s.notifier.ofType("guardrails.organization.unreadable")).toEqual([
      expect.objectContaining({ severity: "warning", description: expect.stringContaining(`${name}: ${message}`) }),
    ]);

    // Within the retry wait: no call, no second notice, for this or another account.
    await s.configOf(PAYMENTS);
    await s.configOf(SEARCH);
    expect(s.organization.calls).toEqual([PAYMENTS, SEARCH]);
    expect(s.notifier.published).toHaveLength(1);

    // Retried after the wait; once it answers, the OU rules apply.
    s.organization.denied = undefined;
    s.advance(RETRY_AFTER_MS + 1);
    expect(inScope(await s.configOf(PAYMENTS), web(PAYMENTS))).toBe(true);
    expect(await modeIn(s, PAYMENTS)).toBe("enforce");
    expect(s.notifier.published).toHaveLength(1);
  });

  it("says so again the next day, once", async () => {
    const s = setup(ouRules);
    s.organization.denied = denied("AccessDeniedException", "no");

    await s.configOf(PAYMENTS);
    s.advance(RETRY_AFTER_MS + 1);
    await s.configOf(PAYMENTS);
    expect(s.notifier.published).toHaveLength(1);

    s.advance(ANCESTORS_KEPT_MS);
    await s.configOf(PAYMENTS);
    expect(s.notifier.published).toHaveLength(2);
  });
});
