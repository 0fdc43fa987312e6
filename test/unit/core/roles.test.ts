import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { resolveSettings } from "../../../packages/core/src/config/resolve.ts";
import { deployHolds, REVISION_JUDGE, revisionJudge } from "../../../packages/core/src/roles.ts";
import { REF, state } from "../../support/pipeline.ts";

// What one capability lends the others, found through the registry by role (roles.ts).

describe("the roles the registry's entries declare", () => {
  it("keeps the revision judge's id what the history already holds, so hook and deploy records keep their keys", () => {
    expect(REVISION_JUDGE).toBe("auto-rollback");
  });

  it("judges a revision with the judging capability's settings for the service, tags applied", () => {
    const config = parseConfig({
      policies: { "auto-rollback": { mode: "enforce", failureThreshold: 5 } },
      overrides: [{ cluster: "prod", service: "web", policies: { "auto-rollback": { alarms: ["web-5xx"] } } }],
    });
    const tagged = resolveSettings(config, REF, { "guardrails:auto-rollback:failure-threshold": "2" }).policies;

    expect(revisionJudge(tagged)).toMatchObject({
      mode: "enforce",
      judgement: { failureThreshold: 2, alarms: ["web-5xx"], includeAlarmsAlreadyFiring: false },
    });
  });

  it("names each capability whose state holds deploys, by its id, and none for a service in its normal state", () => {
    const fallback = state({
      policies: { "spot-fallback": { status: "staged", mode: "observe", since: "2026-11-20T09:30:00.000Z" } },
    });

    expect(deployHolds(fallback)).toEqual([
      {
        by: "spot-fallback",
        text: "the service is in a Spot fallback (staged since 2026-11-20T09:30:00.000Z, observed only, still on Spot): Spot capacity is short",
      },
    ]);
    expect(deployHolds(state({ policies: { "spot-fallback": { status: "normal" } } }))).toEqual([]);
    expect(deployHolds(undefined)).toEqual([]);
  });
});
