import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { memberTemplate } from "@ecs-guardrails/core/organization/member-template";
import { type EvaluatedApp, evaluateApp, resourceNamed } from "../support/sst-harness.ts";
import { actionsOf, inlinePolicyStatements, resourcesOf } from "../support/sst-mocks-policies.ts";
import { neededActions } from "../support/sst-needed-actions.ts";

// The member role grants what the hub's functions call in a member account: the ECS,
// Application Auto Scaling and CloudWatch actions derived from their bundled code (the same
// derivation that checks the hub's own roles), no more, no less.

const ROOT = path.resolve(import.meta.dirname, "../..");
/**
 * The functions that act in member accounts: the ones whose code assumes the member role
 * (derived from their bundles, like the hub's sts:AssumeRole grants in hub.test.ts).
 */
let ACTORS: string[];
const IN_MEMBER = /^(ecs|application-autoscaling|cloudwatch):/;

let app: EvaluatedApp;

beforeAll(async () => {
  app = await evaluateApp({ env: { GUARDRAILS_CONFIG_FILE: "does-not-exist.json" } });
  ACTORS = app.builds.map((b) => b.functionID).filter((id) => needed(id).includes("sts:AssumeRole"));
});

type Statement = { Action: readonly string[]; Resource: readonly unknown[]; Condition?: unknown };
const statements = memberTemplate().Resources.MemberRole.Properties.Policies.flatMap(
  (p) => p.PolicyDocument.Statement as readonly Statement[],
);

function needed(functionID: string): string[] {
  const build = app.builds.find((b) => b.functionID === functionID);
  if (!build) throw new Error(`no bundle for ${functionID}`);
  return neededActions(ROOT, build.inputs);
}

describe("the member role", () => {
  it("grants exactly the ECS, Application Auto Scaling and CloudWatch actions the acting functions' code calls", () => {
    expect(ACTORS.sort()).toEqual(["DeploymentHook", "Ingest", "Pipeline", "ReconcileHandler", "RightSizing"]);
    const called = [...new Set(ACTORS.flatMap(needed).filter((a) => IN_MEMBER.test(a)))].sort();
    const granted = [...new Set(statements.flatMap((s) => s.Action))].sort();
    expect(called.length).toBeGreaterThan(10);
    expect(granted).toEqual(called);
  });

  it('uses "*" for the same actions as the hub\'s own roles, the ones without resource-level permissions', () => {
    const roles = ACTORS.map((id) => `${id}Role`);
    const hubAnywhere = roles
      .flatMap((role) => inlinePolicyStatements(resourceNamed(app, role)))
      .filter((s) => resourcesOf(s).includes("*"))
      .flatMap(actionsOf)
      .filter((a) => IN_MEMBER.test(a));
    const memberAnywhere = statements.filter((s) => s.Resource.includes("*")).flatMap((s) => s.Action);
    expect([...new Set(memberAnywhere)].sort()).toEqual([...new Set(hubAnywhere)].sort());
  });

  it("grants no wildcard action", () => {
    for (const action of statements.flatMap((s) => s.Action)) expect(action).not.toContain("*");
  });
});
