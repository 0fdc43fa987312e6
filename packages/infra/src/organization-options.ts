import { InvalidConfigError } from "@ecs-guardrails/core/errors";
import { type OrganizationOptions, parseOrganization } from "@ecs-guardrails/core/organization/options";

// The hub's options come from the deploy's environment, like GUARDRAILS_CONFIG_FILE: they say
// where this stage sits in the organization, not how the guardrails behave.
//   GUARDRAILS_ORGANIZATION_ID=o-…      makes the stage a hub
//   GUARDRAILS_MEMBER_ROLE_NAME=…       the role it assumes in members (ecs-guardrails-member)
//   GUARDRAILS_OU_IDS=ou-…,ou-…         narrows the bus policy and the assumable roles to OUs

type Env = Readonly<Record<string, string | undefined>>;

export function organizationFromEnv(env: Env): { organization?: OrganizationOptions } {
  const id = env["GUARDRAILS_ORGANIZATION_ID"];
  if (!id) {
    if (env["GUARDRAILS_MEMBER_ROLE_NAME"] || env["GUARDRAILS_OU_IDS"]) {
      throw new InvalidConfigError(
        "GUARDRAILS_MEMBER_ROLE_NAME and GUARDRAILS_OU_IDS need GUARDRAILS_ORGANIZATION_ID (the hub's organization)",
      );
    }
    return {};
  }
  const ouIds = list(env["GUARDRAILS_OU_IDS"]);
  return {
    organization: parseOrganization(
      { id, memberRoleName: env["GUARDRAILS_MEMBER_ROLE_NAME"] || undefined, ouIds },
      { id: "GUARDRAILS_ORGANIZATION_ID", memberRoleName: "GUARDRAILS_MEMBER_ROLE_NAME", ouIds: "GUARDRAILS_OU_IDS" },
    ),
  };
}

export function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
