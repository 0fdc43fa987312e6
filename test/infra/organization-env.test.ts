import { describe, expect, it } from "vitest";
import { memberParametersFromEnv } from "@ecs-guardrails/infra/member-stage";
import { organizationFromEnv } from "@ecs-guardrails/infra/organization-options";
import { createStage } from "@ecs-guardrails/infra/stage";

// The hub's and the member stage's options come from the deploy's environment: a mistake fails
// the deploy before any resource changes, in one line naming the variable.

describe("a hub's environment", () => {
  it("makes no hub without GUARDRAILS_ORGANIZATION_ID: the single-account install", () => {
    expect(organizationFromEnv({})).toEqual({});
  });

  it("reads the organization, the member role's name and the OUs", () => {
    expect(
      organizationFromEnv({
        GUARDRAILS_ORGANIZATION_ID: "o-a1b2c3d4e5",
        GUARDRAILS_MEMBER_ROLE_NAME: "guardrails",
        GUARDRAILS_OU_IDS: "ou-ab12-cdef3456, ou-ab12-99998888",
      }),
    ).toEqual({
      organization: {
        id: "o-a1b2c3d4e5",
        memberRoleName: "guardrails",
        ouIds: ["ou-ab12-cdef3456", "ou-ab12-99998888"],
      },
    });
  });

  it.each([
    [
      { GUARDRAILS_ORGANIZATION_ID: "123" },
      'GUARDRAILS_ORGANIZATION_ID must be an organization id like o-a1b2c3d4e5 (got "123")',
    ],
    [
      { GUARDRAILS_ORGANIZATION_ID: "o-a1b2c3d4e5", GUARDRAILS_OU_IDS: "root" },
      "GUARDRAILS_OU_IDS.0 must be an organizational unit id",
    ],
    [
      { GUARDRAILS_OU_IDS: "ou-ab12-cdef3456" },
      "GUARDRAILS_MEMBER_ROLE_NAME and GUARDRAILS_OU_IDS need GUARDRAILS_ORGANIZATION_ID",
    ],
  ])("rejects %j in one line", (env, message) => {
    expect(() => organizationFromEnv(env)).toThrow(message);
  });
});

describe("a member stage's environment", () => {
  const complete = {
    GUARDRAILS_HUB_ACCOUNT: "111122223333",
    GUARDRAILS_HUB_REGION: "eu-west-1",
    GUARDRAILS_ORGANIZATION_ID: "o-a1b2c3d4e5",
    GUARDRAILS_HUB_ROLE_ARNS: "arn:aws:iam::111122223333:role/a",
  };

  it.each([
    [
      { ...complete, GUARDRAILS_HUB_ACCOUNT: undefined },
      "GUARDRAILS_ROLE=member needs GUARDRAILS_HUB_ACCOUNT (docs/organizations.md)",
    ],
    [
      { ...complete, GUARDRAILS_HUB_REGION: "Ireland" },
      'GUARDRAILS_HUB_REGION must be an AWS Region like eu-west-1 (got "Ireland")',
    ],
    [{ ...complete, GUARDRAILS_HUB_ROLE_ARNS: "IngestRole" }, "GUARDRAILS_HUB_ROLE_ARNS.0 must be an IAM role ARN"],
  ])("rejects %j in one line", (env, message) => {
    expect(() => memberParametersFromEnv(env)).toThrow(message);
  });
});

describe("the stage's role", () => {
  it("is the guardrails or a member, and anything else fails in one line", () => {
    expect(() => createStage({ GUARDRAILS_ROLE: "hub" })).toThrow(
      'GUARDRAILS_ROLE must be "guardrails" or "member" (got "hub")',
    );
  });
});
