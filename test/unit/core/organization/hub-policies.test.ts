import { describe, expect, it } from "vitest";
import { assumeMemberRoles, hubBusPolicy } from "@ecs-guardrails/core/organization/hub-policies";
import { parseOrganization } from "@ecs-guardrails/core/organization/options";

const BUS = "arn:aws:events:eu-west-1:111122223333:event-bus/ecs-guardrails-hub";
const org = parseOrganization({ id: "o-a1b2c3d4e5" });

describe("the hub bus policy", () => {
  it("lets principals of the organization put events, and nothing else", () => {
    expect(hubBusPolicy(BUS, org).Statement).toEqual([
      {
        Sid: "OrganizationPutsEvents",
        Effect: "Allow",
        Principal: "*",
        Action: "events:PutEvents",
        Resource: BUS,
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
      },
    ]);
  });

  it("stays far under EventBridge's 10 KB policy limit, even narrowed to 50 OUs", () => {
    const ouIds = Array.from({ length: 50 }, (_, i) => `ou-ab12-${String(i).padStart(8, "0")}`);
    const size = JSON.stringify(hubBusPolicy(BUS, parseOrganization({ id: org.id, ouIds }))).length;
    expect(size).toBeLessThan(10 * 1024);
  });

  it("narrows to the OUs it is given, their child OUs included", () => {
    const narrowed = hubBusPolicy(BUS, parseOrganization({ id: org.id, ouIds: ["ou-ab12-cdef3456"] }));
    expect(narrowed.Statement[0]!.Condition).toEqual({
      StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
      "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*/ou-ab12-cdef3456/*"] },
    });
  });
});

describe("what the hub's functions may assume", () => {
  it("is the member role by name in any account, on the condition that the account is in the organization", () => {
    expect(assumeMemberRoles(org).Statement).toEqual([
      {
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: "arn:aws:iam::*:role/ecs-guardrails-member",
        Condition: { StringEquals: { "aws:ResourceOrgID": "o-a1b2c3d4e5" } },
      },
    ]);
  });
});

describe("the hub options", () => {
  it.each([
    [{ id: "org-1" }, 'organization.id must be an organization id like o-a1b2c3d4e5 (got "org-1")'],
    [{ id: "o-a1b2c3d4e5", memberRoleName: "a b" }, "organization.memberRoleName must be an IAM role name"],
    [
      { id: "o-a1b2c3d4e5", ouIds: ["r-ab12"] },
      'organization.ouIds.0 must be an organizational unit id like ou-ab12-cdef3456 (got "r-ab12")',
    ],
  ])("reject %j in one line naming the key", (input, message) => {
    expect(() => parseOrganization(input)).toThrow(message);
  });

  it("default the member role name", () => {
    expect(parseOrganization({ id: "o-a1b2c3d4e5" })).toEqual({
      id: "o-a1b2c3d4e5",
      memberRoleName: "ecs-guardrails-member",
    });
  });
});
