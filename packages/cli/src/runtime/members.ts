import type { StackOptions } from "./stack.ts";

// The local runtime as an organization's hub: its member accounts are named in the functions'
// configuration (organization.members) exactly as a deployed hub's are.

/** With members, the functions' configuration names them (organization.members), as a hub's does. */
export function withOrganization(options: StackOptions): StackOptions {
  if (!options.members?.length) return options;
  const organization = options.config.organization;
  return {
    ...options,
    config: {
      ...options.config,
      organization: {
        ...organization,
        memberRoleName: organization?.memberRoleName ?? "ecs-guardrails-member",
        members: options.members.map((account) => ({ account })),
      },
    },
  };
}
