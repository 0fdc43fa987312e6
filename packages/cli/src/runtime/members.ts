import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";

// The local runtime as an organization's hub: its member accounts are named in the functions'
// configuration (organization.members) exactly as a deployed hub's are.

/** With members, the functions' configuration names them (organization.members), as a hub's does. */
export function withOrganization<
  O extends { config: GuardrailsConfig; members?: readonly (string | { account: string })[] | undefined },
>(options: O): O {
  if (!options.members?.length) return options;
  const organization = options.config.organization;
  return {
    ...options,
    config: {
      ...options.config,
      organization: {
        ...organization,
        memberRoleName: organization?.memberRoleName ?? "ecs-guardrails-member",
        // A member the configuration already names keeps its entry (its Regions).
        members: options.members.map((m) => {
          const account = typeof m === "string" ? m : m.account;
          return organization?.members.find((e) => e.account === account) ?? { account };
        }),
      },
    },
  };
}
