import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { EcsDeploymentResolver } from "../../packages/aws/src/ecs/deployment-resolver.ts";
import { EcsServiceGateway } from "../../packages/aws/src/ecs/service-gateway.ts";
import { DynamoDecisionStore } from "../../packages/aws/src/history/decision-store.ts";
import { DEFAULT_RETENTION } from "../../packages/aws/src/history/retention.ts";
import { SnsNotifier } from "../../packages/aws/src/sns/sns-notifier.ts";
import { parseConfig } from "../../packages/core/src/config/load.ts";
import type { ConfigInput } from "../../packages/core/src/config/schema.ts";
import { processEvent, type ProcessDeps } from "../../packages/core/src/engine/process-event.ts";
import { type ReconcileDeps, reconcileServices } from "../../packages/core/src/engine/reconcile.ts";
import { fakeEcs, type FakeService } from "./fake-ecs.ts";
import { freshStore } from "./history.ts";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:guardrails";

/**
 * The whole ingest path as deployed — real adapters, DynamoDB Local — with ECS and SNS
 * answered in memory. `send` delivers one event; the clock is the event's time.
 */
export async function guardrails(options: { config?: ConfigInput; service: FakeService }) {
  const { store: history, client, tableName } = await freshStore();
  const ecs = fakeEcs(options.service);
  const sns = new SNSClient({ region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const snsMock = mockClient(sns);
  snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
  let now = new Date("2026-11-20T10:00:00Z");
  const config = parseConfig(options.config ?? {});
  const decisions = new DynamoDecisionStore({ client, tableName, reads: history, retention: DEFAULT_RETENTION });
  const deps: ProcessDeps & ReconcileDeps = {
    config,
    history,
    deployments: new EcsDeploymentResolver(ecs.client),
    store: decisions,
    ecs: new EcsServiceGateway(ecs.client),
    notifier: new SnsNotifier({ client: sns, topicArn: TOPIC, minSeverity: config.notifications.minSeverity }),
    clock: { now: () => now },
  };
  return {
    history,
    /** The DynamoDB Local table the history is in (for readers such as the console). */
    table: { client, tableName },
    ecs,
    /** The live dependencies: a test may wrap a port or flip a setting mid-scenario. */
    deps,
    snsMock,
    store: deps.store,
    /** The same store as the claim-once ledger (engine/ledger.ts) it also is. */
    ledger: decisions,
    send: (event: { time?: string }) => {
      if (event.time) now = new Date(event.time);
      return processEvent(event, deps);
    },
    /** One run of the scheduled reconcile at `time`. */
    tick: (time: string) => {
      now = new Date(time);
      return reconcileServices(deps);
    },
    messages: () =>
      snsMock
        .commandCalls(PublishCommand)
        .map((c) => ({ ...c.args[0].input, body: JSON.parse(c.args[0].input.Message!) })),
    rollbacks: () => ecs.updates.filter((u) => u.taskDefinition),
  };
}
