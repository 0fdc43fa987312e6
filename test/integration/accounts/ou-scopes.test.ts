import { describe, expect, it } from "vitest";
import type { OrganizationParents } from "../../../packages/core/src/engine/ports.ts";
import { configByAccount } from "../../../packages/core/src/organization/ou-paths.ts";
import { guardrails } from "../../support/engine.ts";
import { alarmStateChange } from "../../../packages/sim/src/events/builders.ts";
import { at, crash, history, replay, service, td } from "../../support/rollout-scenario.ts";

// Issue 23 through the ingest's path (processEvent, real adapters, DynamoDB Local): the
// configuration each event decides with is settled for its account's OUs.

const HOME = "111122223333";
const PROD_OU = "ou-ab12-prod0000";
const enforcedInProd = {
  overrides: [{ organizationalUnits: [PROD_OU], policies: { "auto-rollback": { mode: "enforce" as const } } }],
};

async function hub(parentOfHome: { id: string; root: boolean } | Error) {
  const g = await guardrails({ config: enforcedInProd, service: service() });
  const calls: string[] = [];
  const parents: OrganizationParents = {
    async parentOf(child) {
      calls.push(child);
      if (parentOfHome instanceof Error) throw parentOfHome;
      if (child === HOME) return parentOfHome;
      return child === "ou-ab12-child000" ? { id: PROD_OU, root: false } : { id: "r-ab12", root: true };
    },
  };
  g.deps.ouScopes = configByAccount(
    g.deps.config,
    { parents, clock: g.deps.clock, ledger: g.ledger, notifier: g.deps.notifier },
    HOME,
  );
  return { g, calls };
}

describe("an event of an account", () => {
  it("is decided with the rules of the OUs its account is below", async () => {
    const { g, calls } = await hub({ id: "ou-ab12-child000", root: false });
    await replay(g, [...history(), crash(1), crash(2), crash(3)]);

    expect(g.rollbacks().map((u) => u.taskDefinition)).toEqual([td(41)]);
    // The walk happened once for the whole scenario: home, its OU, that OU's parent.
    expect(calls).toEqual([HOME, "ou-ab12-child000", PROD_OU]);
  });

  it("is decided without them when its account is outside those OUs", async () => {
    const { g } = await hub({ id: "r-ab12", root: true });
    await replay(g, [...history(), crash(1), crash(2), crash(3)]);

    expect(g.rollbacks()).toEqual([]);
  });

  it("is decided without them, and the organization announced unreadable once, when Organizations denies", async () => {
    const error = Object.assign(new Error("You don't have permissions to access this resource."), {
      name: "AccessDeniedException",
    });
    const { g } = await hub(error);
    await replay(g, [...history(), crash(1), crash(2), crash(3)]);

    expect(g.rollbacks()).toEqual([]);
    const unreadable = g.messages().filter((m) => /cannot read the organization/.test(m.body.content.title));
    expect(unreadable).toHaveLength(1);
  });
});

describe("an alarm mapped in an override scoped to an account", () => {
  it("concerns that account's service only: home's alarm of the same name is not routed to home's", async () => {
    const g = await guardrails({
      config: {
        policies: { "auto-rollback": { mode: "enforce" } },
        overrides: [
          {
            accounts: ["222233334444"],
            cluster: "prod",
            service: "web",
            policies: { "auto-rollback": { alarms: ["web-5xx"] } },
          },
        ],
      },
      service: service(),
    });
    await replay(g, history());

    const result = await g.send(alarmStateChange({ alarmName: "web-5xx", state: "ALARM", time: at(210) }));

    expect(result.outcome.status).toBe("ignored");
    expect(g.rollbacks()).toEqual([]);
  });
});
