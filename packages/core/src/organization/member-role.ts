// What the hub's functions may do in a member account, through the member role: the ECS,
// Application Auto Scaling and CloudWatch calls they make today, with the same resource scoping
// as the hub's own function roles (packages/infra/src/permissions.ts), over the member's
// account and every Region of it (the role is global, the hub acts in each Region). The infra
// test derives these actions from the functions' code and fails when the two drift apart.

/** A CloudFormation string with `${AWS::…}` pseudo parameters. */
export type Sub = { readonly "Fn::Sub": string };

export type MemberStatement = {
  readonly Effect: "Allow";
  readonly Action: readonly string[];
  readonly Resource: readonly (Sub | "*")[];
  readonly Condition?: Record<string, Record<string, unknown>>;
};

/** An ARN of the member account, in any of its Regions. */
function arn(service: string, resource: string): Sub {
  return { "Fn::Sub": `arn:\${AWS::Partition}:${service}:*:\${AWS::AccountId}:${resource}` };
}

/**
 * `clusters` narrows the writes (and the cluster reads) like `scope.clusters` narrows the hub's
 * own roles; empty means every cluster of the account, services with an old-format ARN included.
 */
export function memberRoleStatements(clusters: readonly string[] = []): MemberStatement[] {
  const scoped = clusters.length > 0 ? clusters : ["*"];
  const services = clusters.length > 0 ? clusters.map((c) => arn("ecs", `service/${c}/*`)) : [arn("ecs", "service/*")];
  return [
    // Reads of any service and of ECS's deployment history (the import at first sight).
    {
      Effect: "Allow",
      Action: ["ecs:DescribeServices", "ecs:ListServiceDeployments"],
      Resource: [arn("ecs", "service/*")],
    },
    {
      Effect: "Allow",
      Action: ["ecs:DescribeServiceDeployments", "ecs:DescribeServiceRevisions"],
      Resource: [arn("ecs", "service-deployment/*"), arn("ecs", "service-revision/*")],
    },
    // The writes: rollback, capacity fallback, scaling; a rollback's stop and a pause hook's answer.
    { Effect: "Allow", Action: ["ecs:UpdateService"], Resource: services },
    {
      Effect: "Allow",
      Action: ["ecs:StopServiceDeployment", "ecs:ContinueServiceDeployment"],
      Resource: scoped.map((c) => arn("ecs", `service-deployment/${c}/*`)),
    },
    { Effect: "Allow", Action: ["ecs:DescribeClusters"], Resource: scoped.map((c) => arn("ecs", `cluster/${c}`)) },
    // ListServices has no resource type: the clusters are scoped by the ecs:cluster condition key.
    {
      Effect: "Allow",
      Action: ["ecs:ListServices"],
      Resource: ["*"],
      Condition: { ArnLike: { "ecs:cluster": scoped.map((c) => arn("ecs", `cluster/${c}`)) } },
    },
    // Actions without resource-level permissions: "*" is the only resource IAM accepts for them.
    {
      Effect: "Allow",
      Action: [
        "ecs:DescribeTaskDefinition",
        "ecs:ListClusters",
        "application-autoscaling:DescribeScalableTargets",
        "application-autoscaling:DescribeScalingPolicies",
        "cloudwatch:GetMetricData",
      ],
      Resource: ["*"],
    },
    // A scalable target's ARN ends in a generated id: the dimension condition narrows it to ECS services.
    {
      Effect: "Allow",
      Action: ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget"],
      Resource: [arn("application-autoscaling", "scalable-target/*")],
      Condition: { StringEquals: { "application-autoscaling:scalable-dimension": "ecs:service:DesiredCount" } },
    },
  ];
}
