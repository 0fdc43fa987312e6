/// <reference path="../../../.sst/platform/config.d.ts" />

/** The account, region and partition the stage deploys to, as outputs for building ARNs. */
export type AwsScope = {
  readonly account: $util.Output<string>;
  readonly region: $util.Output<string>;
  readonly partition: $util.Output<string>;
};

export function currentScope(): AwsScope {
  return {
    account: aws.getCallerIdentityOutput({}).accountId,
    region: aws.getRegionOutput({}).region,
    partition: aws.getPartitionOutput({}).partition,
  };
}

/**
 * AWS services publish their events (ECS, CloudWatch alarms, CodePipeline) only to the
 * account's default bus, which SST does not create: it is addressed by ARN.
 */
export function defaultBusArn(scope: AwsScope): $util.Output<string> {
  return $interpolate`arn:${scope.partition}:events:${scope.region}:${scope.account}:event-bus/default`;
}
