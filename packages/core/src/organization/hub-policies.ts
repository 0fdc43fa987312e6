import type { OrganizationOptions } from "./options.ts";

// The two policies that open the hub to its organization: who may put events on its bus, and
// which roles its functions may assume. Both name the organization, never an account list, so
// a new member account needs no change here.

export type PolicyDocument = {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Record<string, unknown>[];
};

/**
 * The hub bus's resource policy: PutEvents only, by principals of the organization (optionally
 * of its OUs). EventBridge caps a bus policy at 10 KB; this one stays a few hundred bytes
 * whatever the number of accounts.
 */
export function hubBusPolicy(busArn: string, organization: OrganizationOptions): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "OrganizationPutsEvents",
        Effect: "Allow",
        Principal: "*",
        Action: "events:PutEvents",
        Resource: busArn,
        Condition: {
          StringEquals: { "aws:PrincipalOrgID": organization.id },
          ...orgPaths("aws:PrincipalOrgPaths", organization),
        },
      },
    ],
  };
}

/** The member role in any account, on the condition that the account belongs to the organization. */
export function assumeMemberRoles(organization: OrganizationOptions, partition = "aws"): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: `arn:${partition}:iam::*:role/${organization.memberRoleName}`,
        Condition: {
          StringEquals: { "aws:ResourceOrgID": organization.id },
          ...orgPaths("aws:ResourceOrgPaths", organization),
        },
      },
    ],
  };
}

/** An OU's path is `o-…/r-…/ou-…/`; its children's paths extend it, so a trailing `*` covers them. */
function orgPaths(key: string, organization: OrganizationOptions) {
  if (!organization.ouIds?.length) return {};
  return {
    "ForAnyValue:StringLike": { [key]: organization.ouIds.map((ou) => `${organization.id}/*/${ou}/*`) },
  };
}
