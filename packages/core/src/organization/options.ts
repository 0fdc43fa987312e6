import { InvalidConfigError } from "../errors.ts";

// A hub deployment guards the ECS services of an organization's member accounts. Everything
// here is pure: the SST app, the member template and the CLI read the same validation.

export type OrganizationOptions = {
  /** The AWS Organizations id, `o-` then 10 to 32 lowercase letters or digits. */
  readonly id: string;
  /** The role each member account holds for the hub (same name in every account). */
  readonly memberRoleName: string;
  /** Narrows the bus policy and the role the hub may assume to these OUs (and their children). */
  readonly ouIds?: readonly string[];
};

export const DEFAULT_MEMBER_ROLE_NAME = "ecs-guardrails-member";

/** The hub's custom event bus: one hub per account and Region, so a fixed name members can address. */
export const HUB_BUS_NAME = "ecs-guardrails-hub";

// Formats from the Organizations API reference (Organization.Id, OrganizationalUnit.Id) and
// IAM's role name rule (CreateRole.RoleName).
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export type OrganizationInput = {
  readonly id?: string | undefined;
  readonly memberRoleName?: string | undefined;
  readonly ouIds?: readonly string[] | undefined;
};

/** How an error names each option: by its key in an object, or by the variable it came from. */
export type OptionNames = { readonly id: string; readonly memberRoleName: string; readonly ouIds: string };

const KEYS: OptionNames = {
  id: "organization.id",
  memberRoleName: "organization.memberRoleName",
  ouIds: "organization.ouIds",
};

/** Validates the hub options, one line naming the key and the expected shape when wrong. */
export function parseOrganization(input: OrganizationInput, names: OptionNames = KEYS): OrganizationOptions {
  const id = check(input.id ?? "", ORG_ID, names.id, "an organization id like o-a1b2c3d4e5");
  const memberRoleName = check(
    input.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME,
    ROLE_NAME,
    names.memberRoleName,
    "an IAM role name (1 to 64 of letters, digits and +=,.@_-)",
  );
  const ouIds = (input.ouIds ?? []).map((ou, i) =>
    check(ou, OU_ID, `${names.ouIds}.${i}`, "an organizational unit id like ou-ab12-cdef3456"),
  );
  return ouIds.length > 0 ? { id, memberRoleName, ouIds } : { id, memberRoleName };
}

export function checkAccountId(value: string, key: string): string {
  return check(value, ACCOUNT_ID, key, "a 12-digit AWS account id");
}

export function checkRegion(value: string, key: string): string {
  return check(value, REGION, key, "an AWS Region like eu-west-1");
}

export function checkOrganizationId(value: string, key: string): string {
  return check(value, ORG_ID, key, "an organization id like o-a1b2c3d4e5");
}

export function checkRoleName(value: string, key: string): string {
  return check(value, ROLE_NAME, key, "an IAM role name (1 to 64 of letters, digits and +=,.@_-)");
}

export function checkRoleArn(value: string, key: string): string {
  return check(value, ROLE_ARN, key, "an IAM role ARN like arn:aws:iam::111122223333:role/name");
}

function check(value: string, pattern: RegExp, key: string, expected: string): string {
  if (!pattern.test(value)) throw new InvalidConfigError(`${key} must be ${expected} (got "${value}")`);
  return value;
}
