/// <reference path="../../../.sst/platform/config.d.ts" />
import type { AwsScope } from "./scope.ts";

// Every IAM statement the functions get is built here, with named actions only. SST's `link`
// is not used because it grants `dynamodb:*` / `sns:*` on the linked resource.

export type PermissionStatement = sst.aws.FunctionPermissionArgs;

/** Everything the history store does, on the table and its indexes. */
export const HISTORY_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:Query",
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:TransactWriteItems",
  "dynamodb:ConditionCheckItem",
] as const;

export function historyTableAccess(table: sst.aws.Dynamo): PermissionStatement {
  return {
    actions: [...HISTORY_TABLE_ACTIONS],
    resources: [table.arn, $interpolate`${table.arn}/index/*`],
  };
}

export function publishNotifications(topic: sst.aws.SnsTopic): PermissionStatement {
  return { actions: ["sns:Publish"], resources: [topic.arn] };
}

/** Lambda sends failed asynchronous events to the on-failure destination with the function's role. */
export function sendDeadLetters(queue: sst.aws.Queue): PermissionStatement {
  return { actions: ["sqs:SendMessage"], resources: [queue.arn] };
}

function serviceArn(scope: AwsScope, cluster: string): $util.Output<string> {
  return $interpolate`arn:${scope.partition}:ecs:${scope.region}:${scope.account}:service/${cluster}/*`;
}

/** Reading services and their tags (opt-in and policy settings live in tags). */
export function ecsReadServices(scope: AwsScope): PermissionStatement {
  return {
    actions: ["ecs:DescribeServices", "ecs:ListTagsForResource"],
    resources: [serviceArn(scope, "*")],
  };
}

/** ECS has no resource-level permissions for DescribeTaskDefinition: "*" is the only resource. */
export function ecsDescribeTaskDefinitions(): PermissionStatement {
  return { actions: ["ecs:DescribeTaskDefinition"], resources: ["*"] };
}

/**
 * The only write the guardrails make to ECS (rollback, capacity fallback, right-sizing,
 * scaling). Scoped to the services of the clusters the stage was given. With none given it
 * covers the services of every cluster in the account and region (cluster segment "*"), which
 * suits a single-purpose account but should be narrowed with `scope.clusters` in guardrails.config.json elsewhere.
 */
export function ecsUpdateServices(
  scope: AwsScope,
  clusters: readonly string[] = [],
): PermissionStatement {
  const scoped = clusters.length > 0 ? clusters : ["*"];
  return {
    actions: ["ecs:UpdateService"],
    resources: scoped.map((cluster) => serviceArn(scope, cluster)),
  };
}

function clusterArn(scope: AwsScope, cluster: string): $util.Output<string> {
  return $interpolate`arn:${scope.partition}:ecs:${scope.region}:${scope.account}:cluster/${cluster}`;
}

/** ECS has no resource-level permissions for ListClusters: "*" is the only resource. */
export function ecsListClusters(): PermissionStatement {
  return { actions: ["ecs:ListClusters"], resources: ["*"] };
}

/**
 * ListServices has no resource type in IAM (a cluster ARN as resource would never match and
 * the call would be denied): the resource is "*" and the clusters are scoped with the
 * `ecs:cluster` condition key instead, over the same clusters as UpdateService.
 */
export function ecsListServices(
  scope: AwsScope,
  clusters: readonly string[] = [],
): PermissionStatement {
  const scoped = clusters.length > 0 ? clusters : ["*"];
  return {
    actions: ["ecs:ListServices"],
    resources: ["*"],
    conditions: [
      { test: "ArnLike", variable: "ecs:cluster", values: scoped.map((cluster) => clusterArn(scope, cluster)) },
    ],
  };
}

/**
 * Reading and registering ECS services as scalable targets (scheduled scaling). Scalable
 * target ARNs carry a generated id, not the service name, so they cannot be scoped to the
 * guarded clusters; DescribeScalableTargets has no resource-level permissions at all.
 */
export function ecsScalableTargets(): PermissionStatement {
  return {
    actions: ["application-autoscaling:DescribeScalableTargets", "application-autoscaling:RegisterScalableTarget"],
    resources: ["*"],
  };
}

/** CloudWatch has no resource-level permissions for GetMetricData: "*" is the only resource. */
export function readMetrics(): PermissionStatement {
  return { actions: ["cloudwatch:GetMetricData"], resources: ["*"] };
}

/**
 * SST 4.17.1 gives every function role a trust policy that also admits the account root: it
 * means that for `sst dev` (live Lambda runs under local credentials), but its `!dev` check tests
 * an Output, which is always truthy, so deployed stages get it too. Outside `sst dev` only
 * Lambda may assume a role that can update ECS services.
 */
export function lambdaOnlyTrust(): { assumeRolePolicy: string } | undefined {
  if ($dev) return undefined;
  return {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    }),
  };
}

