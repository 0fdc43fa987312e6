import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArchiveReads } from "../../../packages/aws/src/history/archive-reads.ts";
import { dynamoEventArchive, dynamoTickArchive } from "../../../packages/aws/src/history/event-archive.ts";
import { DynamoHistoryStore } from "../../../packages/aws/src/history/dynamo-history-store.ts";
import { archivedAt } from "../../../packages/core/src/history/event-archive.ts";
import { parseEvent } from "../../../packages/core/src/events/parse.ts";
import { ingestEvent } from "../../../packages/core/src/engine/ingest.ts";
import { freshHistoryTable } from "../../support/dynamodb.ts";

// The kept envelopes (EVENTS#<day>): what `guardrails export` reads back, as delivered and in
// the order delivered (replay follows a stream's order), once per event id however often
// EventBridge delivered it.

const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/aws-events/${name}`, import.meta.url), "utf8")) as Record<
    string,
    unknown
  >;
const task = read("ecs-task-stopped-elb-health-check-real.json");
const deployment = read("ecs-deployment-in-progress.json");
const alarm = read("cloudwatch-alarm-state-change-single-metric.json");
const times = [task, deployment, alarm].map((e) => Date.parse(String(e["time"])));
const range = {
  from: new Date(Math.min(...times) - 1000).toISOString(),
  to: new Date(Math.max(...times) + 1000).toISOString(),
};

async function archived(deliveries: Record<string, unknown>[]) {
  const { client, tableName } = await freshHistoryTable();
  const archive = dynamoEventArchive(client, tableName);
  for (const e of deliveries) await archive.keep(e, archivedAt(parseEvent(e)));
  // The history's own writes sit beside the kept envelopes and are never read as one.
  await ingestEvent(task, {
    history: new DynamoHistoryStore({ client, tableName }),
    deployments: { taskDefinitionOf: async () => undefined },
  });
  return new ArchiveReads(client, tableName);
}

describe("the kept envelopes", () => {
  it("come back as delivered, in the order of their first delivery, each event once after duplicates", async () => {
    const reads = await archived([alarm, task, deployment, task, alarm]);

    const kept = await reads.envelopes(range);

    expect(kept.map((k) => k.envelope)).toEqual([alarm, task, deployment]);
  });

  it("narrow to a cluster and service, keeping the events that name no service", async () => {
    const reads = await archived([task, deployment, alarm]);
    const ref = archivedAt(parseEvent(deployment)).ref!;

    const kept = await reads.envelopes({ ...range, cluster: ref.cluster, service: ref.service });

    // The task fixture is of another cluster's service; the alarm names none.
    expect(ref.cluster).not.toBe(archivedAt(parseEvent(task)).ref?.cluster);
    expect(kept.map((k) => k.envelope)).toEqual([deployment, alarm]);
  });
});

describe("the reconcile's kept ticks", () => {
  it("come back in time order, once per time, those of the range only", async () => {
    const { client, tableName } = await freshHistoryTable();
    const ticks = dynamoTickArchive(client, tableName);
    const inside = ["2026-11-20T10:05:02.502Z", "2026-11-20T10:00:02.502Z"];
    for (const time of [...inside, inside[0]!, "2026-11-20T09:00:02.502Z", "2026-11-21T10:00:02.502Z"])
      await ticks.keepTick(time);
    const reads = new ArchiveReads(client, tableName);

    const kept = await reads.ticks({ from: "2026-11-20T09:30:00.000Z", to: "2026-11-20T23:59:59.000Z" });

    expect(kept).toEqual(["2026-11-20T10:00:02.502Z", "2026-11-20T10:05:02.502Z"]);
  });

  it("are never read as an envelope", async () => {
    const { client, tableName } = await freshHistoryTable();
    await dynamoTickArchive(client, tableName).keepTick(new Date(times[0]!).toISOString());
    const reads = new ArchiveReads(client, tableName);

    expect(await reads.envelopes(range)).toEqual([]);
  });
});
