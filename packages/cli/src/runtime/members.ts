import { memberRoleArn } from "@ecs-guardrails/aws/accounts/member-credentials";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { AppAutoScalingSimulator, ecsCapacityOf } from "@ecs-guardrails/sim/app-autoscaling";
import type { SimClock } from "@ecs-guardrails/sim/types";
import { SimulatedUsage } from "@ecs-guardrails/sim/usage-metrics";
import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import type { Place } from "@ecs-guardrails/core/model/service-ref";

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

/**
 * A simulated member account: its own ECS, Application Auto Scaling and CloudWatch metrics, and
 * the role the hub may assume there (emptying `roles` makes AssumeRole answer AccessDenied).
 */
export type MemberAccount = {
  ecs: EcsSimulator;
  autoScaling: AppAutoScalingSimulator;
  usage: SimulatedUsage;
  roles: Set<string>;
};

/** Each member's simulators, on the hub's clock; seeded per account so two members differ. */
export function memberAccounts(
  places: readonly Place[],
  sim: { clock: SimClock; emit: (e: unknown) => void; seed: string; roleName: string },
): Map<string, MemberAccount> {
  return new Map(
    places.map(({ account, region }) => {
      const ecs = new EcsSimulator({
        clock: sim.clock,
        emit: sim.emit,
        seed: `${sim.seed}-${account}`,
        account,
        region,
      });
      const now = () => sim.clock.now();
      const autoScaling = new AppAutoScalingSimulator({ ecs: ecsCapacityOf(ecs), now });
      const roles = new Set([memberRoleArn(account, sim.roleName)]);
      return [account, { ecs, autoScaling, usage: new SimulatedUsage(now), roles }];
    }),
  );
}

/** The endpoints' view of the members: their simulators, and the role the hub may assume in each. */
export function endpointMembers(members: ReadonlyMap<string, MemberAccount>) {
  return Object.fromEntries(
    [...members].map(([account, m]) => [
      account,
      {
        ecs: m.ecs,
        applicationAutoScaling: m.autoScaling,
        cloudwatch: m.usage,
        roles: m.roles,
      },
    ]),
  );
}
