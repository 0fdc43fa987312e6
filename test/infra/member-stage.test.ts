import { beforeAll, expect, it } from "vitest";
import { memberTemplate } from "@ecs-guardrails/core/organization/member-template";
import { type EvaluatedApp, evaluateApp, MOCK_REGION, resourceNamed } from "../support/sst-harness.ts";

// One member account as an SST stage: the StackSet's template as one stack, and nothing of the
// guardrails themselves (no table, no function) in the member account.

const HUB_ROLES = "arn:aws:iam::111122223333:role/hub-IngestRole,arn:aws:iam::111122223333:role/hub-ReconcileRole";

let app: EvaluatedApp;

beforeAll(async () => {
  app = await evaluateApp({
    env: {
      GUARDRAILS_ROLE: "member",
      GUARDRAILS_HUB_ACCOUNT: "111122223333",
      GUARDRAILS_HUB_REGION: "eu-west-1",
      GUARDRAILS_ORGANIZATION_ID: "o-a1b2c3d4e5",
      GUARDRAILS_HUB_ROLE_ARNS: HUB_ROLES,
    },
  });
});

it("deploys the member template, unchanged, as one CloudFormation stack", () => {
  const stack = resourceNamed(app, "Member").inputs;
  expect(JSON.parse(stack.templateBody as string)).toEqual(JSON.parse(JSON.stringify(memberTemplate())));
  expect(stack.capabilities).toEqual(["CAPABILITY_NAMED_IAM"]);
});

it("fills the hub's parameters from the environment, and creates the account's role in its own Region", () => {
  expect(resourceNamed(app, "Member").inputs.parameters).toEqual({
    HubAccountId: "111122223333",
    HubRegion: "eu-west-1",
    OrganizationId: "o-a1b2c3d4e5",
    HubRoleArns: HUB_ROLES,
    MemberRoleName: "ecs-guardrails-member",
    RoleRegion: MOCK_REGION,
  });
});

it("declares nothing of the guardrails in the member account", () => {
  const types = app.resources.map((r) => r.type).filter((t) => t.startsWith("aws:"));
  expect(types).toEqual(["aws:cloudformation/stack:Stack"]);
});
