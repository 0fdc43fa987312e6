/// <reference path="../../../.sst/platform/config.d.ts" />
import { subscriptions } from "@ecs-guardrails/core/events/patterns";
import { assumeMemberRoles, hubBusPolicy } from "@ecs-guardrails/core/organization/hub-policies";
import { HUB_BUS_NAME, type OrganizationOptions } from "@ecs-guardrails/core/organization/options";
import type { AwsScope } from "./scope.ts";
import { subscribeToDefaultBus } from "./subscriptions.ts";

// What turns a deployment into an organization's hub (docs/organizations.md): a bus the member
// accounts forward their ECS and alarm events to, and the right for the functions that act on
// services to assume the member role in the organization's accounts. Without the organization
// option none of this exists and the stage is the single-account install.

export type HubDependencies = {
  readonly scope: AwsScope;
  readonly ingest: sst.aws.Function;
  /** The functions that call ECS, Application Auto Scaling or CloudWatch, by logical name. */
  readonly actors: Readonly<Record<string, $util.Input<sst.aws.Function>>>;
};

export function createHub(organization: OrganizationOptions, deps: HubDependencies) {
  const bus = new aws.cloudwatch.EventBus("HubBus", { name: HUB_BUS_NAME });
  new aws.cloudwatch.EventBusPolicy("HubBusPolicy", {
    eventBusName: bus.name,
    policy: bus.arn.apply((arn) => JSON.stringify(hubBusPolicy(arn, organization))),
  });
  // Forwarded events keep their source and detail-type: the ingest's own patterns match them.
  subscribeToDefaultBus(bus.arn, "HubIngest", deps.ingest, subscriptions.ingest);

  const roleArns = Object.entries(deps.actors).map(([name, fn]) =>
    allowAssumingMemberRoles(name, fn, organization, deps.scope),
  );
  return {
    hubEventBusArn: bus.arn,
    /** The member template's HubRoleArns parameter. */
    hubRoleArns: $util.all(roleArns).apply((arns) => arns.join(",")),
  };
}

/** An inline policy of its own on the function's role, so the function's permission list is untouched. */
function allowAssumingMemberRoles(
  name: string,
  fn: $util.Input<sst.aws.Function>,
  organization: OrganizationOptions,
  scope: AwsScope,
): $util.Output<string> {
  const roleArn: $util.Output<string> = $output(fn).apply((f: sst.aws.Function) => f.nodes.function.role);
  new aws.iam.RolePolicy(`${name}AssumeMemberRole`, {
    // Function roles carry no path: the name is the ARN's last segment.
    role: roleArn.apply((arn: string) => arn.split("/").pop() ?? arn),
    policy: scope.partition.apply((partition) => JSON.stringify(assumeMemberRoles(organization, partition))),
  });
  return roleArn;
}
