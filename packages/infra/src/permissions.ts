/// <reference path="../../../.sst/platform/config.d.ts" />
import type { AwsScope } from "./scope.ts";

// Every IAM statement the functions get is built here, with named actions only. SST's `link`
// is not used because it grants `dynamodb:*` / `sns:*` on the linked resource.

export type PermissionStatement = sst.aws.FunctionPermissionArgs;

/**
 * What the history store calls on the table and its index. Transactions have no IAM action of
 * their own: each item is authorised as the operation it performs (Put, Update, Delete,
 * ConditionCheck), per the DynamoDB developer guide ("Using IAM with DynamoDB transactions").
 * No code deletes an item (history trims itself through TTL), writes a batch or a transactional
 * ConditionCheck, so none is granted; the reconcile alone reads in batches
 * (`historyBatchReads`). test/infra derives these lists from the adapters' code and fails when
 * they drift apart.
 */
export const HISTORY_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:Query",
] as const;

export function historyTableAccess(table: sst.aws.Dynamo): PermissionStatement {
  return {
    actions: [...HISTORY_TABLE_ACTIONS],
    resources: [table.arn, $interpolate`${table.arn}/index/*`],
  };
}

/** The reconcile's quiet check reads many services' state items a BatchGetItem at a time (packages/aws/src/history/peek-services.ts). */
export function historyBatchReads(table: sst.aws.Dynamo): PermissionStatement {
  return { actions: ["dynamodb:BatchGetItem"], resources: [table.arn] };
}

export function publishNotifications(topic: sst.aws.SnsTopic): PermissionStatement {
  return { actions: ["sns:Publish"], resources: [topic.arn] };
}

/** Lambda sends failed asynchronous events to the on-failure destination with the function's role. */
export function sendDeadLetters(queue: sst.aws.Queue): PermissionStatement {
  return { actions: ["sqs:SendMessage"], resources: [queue.arn] };
}

/**
 * Service ARNs come in two formats: `service/<cluster>/<service>` (the default since 2021)
 * and the old `service/<service>`, without the cluster, which services created before their
 * account opted in keep until they are recreated. IAM's `*` also matches `/`, so `service/*`
 * covers both; a cluster-scoped pattern can only match the new format.
 */
function serviceArn(scope: AwsScope, cluster?: string): $util.Output<string> {
  const path = cluster === undefined ? "*" : `${cluster}/*`;
  return $interpolate`arn:${scope.partition}:ecs:${scope.region}:${scope.account}:service/${path}`;
}

/** Reading services (their tags come with DescribeServices `include: ["TAGS"]`), in either ARN format. */
export function ecsReadServices(scope: AwsScope): PermissionStatement {
  return { actions: ["ecs:DescribeServices"], resources: [serviceArn(scope)] };
}

/**
 * ECS's own deployment history (the import of a service's history, the hook's identity of its
 * deployment): ListServiceDeployments is authorised on the service, DescribeServiceDeployments
 * on each service deployment and DescribeServiceRevisions on each service revision, whose ARNs
 * name the cluster and service (`service-deployment/<cluster>/<service>/<id>`). Read-only, so
 * every service of the account and region, like DescribeServices. `list: false` for code that
 * only describes the deployment it was handed (the deployment hook).
 */
export function ecsReadDeploymentHistory(scope: AwsScope, options: { list?: boolean } = {}): PermissionStatement {
  const arn = (type: string) => $interpolate`arn:${scope.partition}:ecs:${scope.region}:${scope.account}:${type}/*`;
  const list = options.list ?? true;
  return {
    actions: [
      ...(list ? ["ecs:ListServiceDeployments"] : []),
      "ecs:DescribeServiceDeployments",
      "ecs:DescribeServiceRevisions",
    ],
    resources: [...(list ? [serviceArn(scope)] : []), arn("service-deployment"), arn("service-revision")],
  };
}

/**
 * Rules scoped to OUs (core config/ou-scopes.ts): each account's ancestors, one ListParents per
 * level. The Service Authorization Reference lists no resource type for ListParents: "*" is
 * the only resource that works. Granted only when the configuration names an OU.
 */
export function organizationsListParents(): PermissionStatement {
  return { actions: ["organizations:ListParents"], resources: ["*"] };
}

/** ECS has no resource-level permissions for DescribeTaskDefinition: "*" is the only resource. */
export function ecsDescribeTaskDefinitions(): PermissionStatement {
  return { actions: ["ecs:DescribeTaskDefinition"], resources: ["*"] };
}

/**
 * The only write the guardrails make to ECS (rollback, capacity fallback, right-sizing,
 * scaling). Scoped to the services of the clusters the stage was given, which only matches
 * new-format service ARNs: services with an old-format ARN (no cluster in it) cannot be
 * updated by a cluster-scoped stage, and their actions fail with AccessDenied (README,
 * "Deploying"). With no clusters given it covers every service of the account and region, in
 * both formats, which suits a single-purpose account but should be narrowed with
 * `scope.clusters` in guardrails.config.json elsewhere.
 */
export function ecsUpdateServices(scope: AwsScope, clusters: readonly string[] = []): PermissionStatement {
  return {
    actions: ["ecs:UpdateService"],
    resources: clusters.length > 0 ? clusters.map((cluster) => serviceArn(scope, cluster)) : [serviceArn(scope)],
  };
}

/** A service-deployment or service-revision ARN pattern: `<kind>/<cluster>/<service>/<id>`. */
function underService(scope: AwsScope, kind: string, cluster?: string): $util.Output<string> {
  return $interpolate`arn:${scope.partition}:ecs:${scope.region}:${scope.account}:${kind}/${cluster ?? "*"}/*`;
}

/**
 * What a rollback reads of ECS's service deployments before it acts, and the stop with ROLLBACK
 * during a deployment (auto-rollback): ListServiceDeployments on the services,
 * DescribeServiceDeployments and StopServiceDeployment on their service deployments,
 * DescribeServiceRevisions on their revisions — over the same clusters as UpdateService.
 */
export function ecsRollbackServiceDeployments(
  scope: AwsScope,
  clusters: readonly string[] = [],
): PermissionStatement[] {
  const scoped = clusters.length > 0 ? clusters : [undefined];
  return [
    {
      actions: ["ecs:ListServiceDeployments"],
      resources: clusters.length > 0 ? clusters.map((cluster) => serviceArn(scope, cluster)) : [serviceArn(scope)],
    },
    {
      actions: ["ecs:DescribeServiceDeployments", "ecs:StopServiceDeployment"],
      resources: scoped.map((cluster) => underService(scope, "service-deployment", cluster)),
    },
    {
      actions: ["ecs:DescribeServiceRevisions"],
      resources: scoped.map((cluster) => underService(scope, "service-revision", cluster)),
    },
  ];
}

/**
 * The pause hook re-reads a paused deployment's hook (DescribeServiceDeployments) and answers it
 * (ContinueServiceDeployment): both on service deployments, whose ARNs are
 * `service-deployment/<cluster>/<service>/<id>`, scoped to the clusters like UpdateService.
 */
export function ecsAnswerPausedDeployments(scope: AwsScope, clusters: readonly string[] = []): PermissionStatement {
  const arn = (cluster: string) =>
    $interpolate`arn:${scope.partition}:ecs:${scope.region}:${scope.account}:service-deployment/${cluster}/*`;
  return {
    actions: ["ecs:DescribeServiceDeployments", "ecs:ContinueServiceDeployment"],
    resources: clusters.length > 0 ? clusters.map(arn) : [arn("*")],
  };
}

function clusterArn(scope: AwsScope, cluster: string): $util.Output<string> {
  return $interpolate`arn:${scope.partition}:ecs:${scope.region}:${scope.account}:cluster/${cluster}`;
}

/** ECS has no resource-level permissions for ListClusters: "*" is the only resource. */
export function ecsListClusters(): PermissionStatement {
  return { actions: ["ecs:ListClusters"], resources: ["*"] };
}

/** DescribeClusters (right-sizing reads the Container Insights setting): on the clusters in scope. */
export function ecsDescribeClusters(scope: AwsScope, clusters: readonly string[] = []): PermissionStatement {
  return {
    actions: ["ecs:DescribeClusters"],
    resources: (clusters.length > 0 ? clusters : ["*"]).map((cluster) => clusterArn(scope, cluster)),
  };
}

/**
 * ListServices has no resource type in IAM (a cluster ARN as resource would never match and
 * the call would be denied): the resource is "*" and the clusters are scoped with the
 * `ecs:cluster` condition key instead, over the same clusters as UpdateService.
 */
export function ecsListServices(scope: AwsScope, clusters: readonly string[] = []): PermissionStatement {
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
 * Scheduled scaling reads ECS services' scalable targets. DescribeScalableTargets has no
 * resource-level permissions (Service Authorization Reference): "*" is the only resource.
 */
export function autoScalingReadTargets(): PermissionStatement {
  return { actions: ["application-autoscaling:DescribeScalableTargets"], resources: ["*"] };
}

/**
 * Scheduled scaling moves an existing scalable target's min/max and suspended state (it never
 * leaves a new one behind: the adapter checks first, and deregisters a target its register
 * created because the old one was deregistered in between). RegisterScalableTarget's resource is the
 * scalable target, whose ARN ends in an id Application Auto Scaling generates
 * (`scalable-target/<id>`), not the ECS service's name, so no ARN pattern can name the
 * services in scope: the resource is every scalable target of the account and region, and the
 * `application-autoscaling:scalable-dimension` condition narrows it to ECS services' desired
 * count (the dimension implies the `ecs` namespace).
 */
export function autoScalingSetRanges(scope: AwsScope): PermissionStatement {
  return {
    actions: ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget"],
    resources: [
      $interpolate`arn:${scope.partition}:application-autoscaling:${scope.region}:${scope.account}:scalable-target/*`,
    ],
    conditions: [
      {
        test: "StringEquals",
        variable: "application-autoscaling:scalable-dimension",
        values: ["ecs:service:DesiredCount"],
      },
    ],
  };
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

/**
 * Right-sizing reads utilization with GetMetricData, which supports no resource-level
 * permissions and no condition keys that name a metric: "*" is the only resource.
 */
export function cloudWatchGetMetricData(): PermissionStatement {
  return { actions: ["cloudwatch:GetMetricData"], resources: ["*"] };
}

/**
 * Right-sizing skips the dimension a target-tracking policy scales on. Application Auto
 * Scaling's Describe* actions support no resource-level permissions: "*" is the only resource.
 */
export function readScalingPolicies(): PermissionStatement {
  return { actions: ["application-autoscaling:DescribeScalingPolicies"], resources: ["*"] };
}

/**
 * The CodePipeline job results the deploy-stage function sends. PutJobSuccessResult and
 * PutJobFailureResult support no resource-level permissions (the Service Authorization
 * Reference lists no resource type for them): "*" is the only resource that works. A job id is
 * unguessable and only the pipeline that invoked the function hands it one.
 */
export function codePipelineJobResults(): PermissionStatement {
  return { actions: ["codepipeline:PutJobSuccessResult", "codepipeline:PutJobFailureResult"], resources: ["*"] };
}
