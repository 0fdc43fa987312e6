// The console's pages as served: the same histories as bench/console.ts, written into DynamoDB
// Local (in memory), read back through the console's store (Scan, Query, GetItem) and rendered.
// Reported beside the in-memory render, so the share of the time that is DynamoDB is visible.
import { BatchWriteItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { epochSeconds, timelineItem } from "../packages/aws/src/history/items.ts";
import { deploymentSk, servicePk, STATE_SK } from "../packages/aws/src/history/keys.ts";
import type { GuardrailsConfig } from "../packages/core/src/config/schema.ts";
import type { DeploymentRecord, ServiceState, TimelineEntry } from "../packages/core/src/history/model.ts";
import { ensureHistoryTable, startEmbeddedDynamo } from "../packages/sim/src/dynamodb/embedded.ts";
import { renderOverview, renderService } from "../packages/console/src/pages.ts";
import { defaultSources } from "../packages/console/src/sources.ts";
import { DynamoConsoleStore, type ServiceSummary } from "../packages/console/src/store.ts";

const TABLE = "console-bench";

function stateItem(s: ServiceState): Record<string, unknown> {
  const policies = Object.fromEntries(Object.entries(s.policies).map(([k, v]) => [`policy#${k}`, v]));
  return {
    pk: servicePk(s),
    sk: STATE_SK,
    cluster: s.cluster,
    service: s.service,
    currentDeploymentId: s.currentDeploymentId,
    ...policies,
  };
}

function deploymentItem(d: DeploymentRecord): Record<string, unknown> {
  const { failures, outcome: _o, ...rest } = d;
  return {
    pk: servicePk(d),
    sk: deploymentSk(d.deploymentId),
    ...rest,
    ...Object.fromEntries(Object.entries(failures).map(([c, n]) => [`failures_${c}`, n])),
  };
}

async function writeAll(client: DynamoDBClient, items: Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let requests = batches[next++]!.map((item) => ({
        PutRequest: { Item: marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }) },
      }));
      while (requests.length) {
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: requests } }));
        requests = (out.UnprocessedItems?.[TABLE] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

export async function servedTimes(input: {
  summaries: ServiceSummary[];
  history: {
    ref: { cluster: string; service: string };
    state: ServiceState;
    deployments: DeploymentRecord[];
    timeline: TimelineEntry[];
  };
  config: GuardrailsConfig;
  now: Date;
  runs: number;
  log: (line: string) => void;
}) {
  const dynamo = await startEmbeddedDynamo();
  try {
    await ensureHistoryTable(dynamo.client, TABLE);
    const expires = (e: TimelineEntry) => epochSeconds(e.time, 90);
    const items = [
      ...input.summaries.flatMap((s) => [
        stateItem(s.state),
        ...s.deployments.map(deploymentItem),
        ...(s.lastDecision ? [timelineItem(s.lastDecision, expires(s.lastDecision))] : []),
      ]),
      stateItem(input.history.state),
      ...input.history.deployments.map(deploymentItem),
      ...input.history.timeline.map((e) => timelineItem(e, expires(e))),
    ];
    input.log(`seeding DynamoDB Local with ${items.length} items…`);
    await writeAll(dynamo.client, items);
    const deps = {
      store: new DynamoConsoleStore(dynamo.client, TABLE),
      sources: defaultSources(input.config),
      config: input.config,
      now: () => input.now,
    };
    const time = async (render: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < input.runs; i += 1) {
        const t = performance.now();
        await render();
        times.push(performance.now() - t);
      }
      const rest = times.slice(1).sort((a, b) => a - b);
      return {
        firstMs: Math.round(times[0]!),
        slowestMs: Math.round(rest.at(-1)!),
        medianMs: Math.round(rest[Math.floor(rest.length / 2)]!),
      };
    };
    return {
      overview: await time(() => renderOverview(deps, {})),
      service: await time(() => renderService(deps, input.history.ref)),
    };
  } finally {
    dynamo.client.destroy();
    await dynamo.stop();
  }
}
