import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { ECSClient } from "@aws-sdk/client-ecs";
import { AppAutoScalingTargets } from "@ecs-guardrails/aws/autoscaling/scalable-targets";
import { CloudWatchMetricReader } from "@ecs-guardrails/aws/cloudwatch/metric-reader";
import { EcsClusterSettings } from "@ecs-guardrails/aws/ecs/cluster-settings";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { EcsTaskDefinitions } from "@ecs-guardrails/aws/ecs/task-definitions";
import { DynamoLedger } from "@ecs-guardrails/aws/history/ledger";
import { DynamoRecommendationStore } from "@ecs-guardrails/aws/history/recommendation-store";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { base, defaultClients, type ClientSettings, type Clients } from "./base.ts";
import { type MemberWiring, memberWiring } from "./members.ts";
import type { RightSizeDeps } from "@ecs-guardrails/core/capabilities/right-sizing/right-size";
import type { DigestDeps } from "@ecs-guardrails/core/capabilities/right-sizing/right-sizing-digest";
import type { Ledger } from "@ecs-guardrails/core/engine/ledger";
import { readEvidence } from "@ecs-guardrails/core/history/observe-reads";

// The right-sizing function's dependencies: the base (base.ts), CloudWatch and Application Auto
// Scaling. Its own file so the ingest and reconcile bundles never carry the CloudWatch client.
// Behind a hub, a member's run reads the member's own ECS, Application Auto Scaling and
// CloudWatch as the member role (functions/lib/members.ts); its recommendations are stored in
// the hub's table under the member's keys.

/** The ports a run reads one account through: home's with the function's credentials, a member's as its role. */
export type AccountReads = Pick<RightSizeDeps, "ecs" | "clusters" | "taskDefinitions" | "scaling" | "metrics">;

export type RightSizingDeps = RightSizeDeps &
  DigestDeps &
  MemberWiring<AccountReads> & {
    /** Claims the once-a-day notice of a member that cannot be reached. */
    ledger: Pick<Ledger, "claimOnce">;
  };

function readsOver(ecs: ECSClient, settingsOf: (service: "application-auto-scaling" | "cloudwatch") => ClientSettings) {
  return {
    ecs: new EcsServiceGateway(ecs),
    clusters: new EcsClusterSettings(ecs),
    taskDefinitions: new EcsTaskDefinitions(ecs),
    scaling: new AppAutoScalingTargets(new ApplicationAutoScalingClient(settingsOf("application-auto-scaling"))),
    metrics: new CloudWatchMetricReader({ client: new CloudWatchClient(settingsOf("cloudwatch")) }),
  } satisfies AccountReads;
}

export function rightSizingDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<RightSizingDeps> = {},
  clients: Clients = defaultClients,
): RightSizingDeps {
  const b = base(env, clients);
  const { config, dynamo, tableName, retention, ecs, notifier, clock } = b;
  // Right-sizing reads deployments' OOM kills: the whole store's reads.
  const history = new DynamoHistoryStore({ client: dynamo, tableName, retention });
  return {
    config,
    ...readsOver(ecs, clients),
    ...memberWiring<AccountReads>(b, env, (_, memberEcs, settingsOf) => readsOver(memberEcs, settingsOf)),
    history,
    recommendations: new DynamoRecommendationStore({ client: dynamo, tableName, retention }),
    ledger: new DynamoLedger({ client: dynamo, tableName, retention }),
    // Publishes on the weekly digest, and a member it cannot reach (once a day).
    notifier,
    clock,
    // The digest's observe section: ListServices/DescribeServices and the history's queries, as above.
    observed: (since, now) => readEvidence({ config, ecs: new EcsServiceGateway(ecs), history }, since, now),
    ...overrides,
  };
}
