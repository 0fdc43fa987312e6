import { DynamoDBClient, TransactionCanceledException, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { DynamoDecisionStore } from "@ecs-guardrails/aws/history/decision-store";
import type { HistoryReads } from "@ecs-guardrails/aws/history/history-reads";
import { DEFAULT_RETENTION } from "@ecs-guardrails/aws/history/retention";
import type { OpenIntent } from "@ecs-guardrails/core/model/decision";
import { REF, at } from "../../../support/snapshots.ts";

// How the store reads DynamoDB's refusals of a claim: a finished key is a duplicate; anything
// else that refused — a live claim, another decision's intent, a transaction conflict — is busy.

const intent: OpenIntent = {
  key: "auto-rollback#rollback#ecs-svc/2",
  owner: "me",
  until: at(120),
  time: at(0),
  mode: "enforce",
  decision: {
    policy: "auto-rollback",
    key: "auto-rollback#rollback#ecs-svc/2",
    action: undefined,
    severity: "critical",
    title: "t",
    reason: "r",
    threadId: "x",
    deploymentId: "ecs-svc/2",
    facts: {},
  },
};

function storeRefusing(reasons: { Code: string; Item?: Record<string, unknown> }[]) {
  const client = new DynamoDBClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  const mock = mockClient(client);
  const error = new TransactionCanceledException({
    message: "cancelled",
    $metadata: {},
    CancellationReasons: reasons.map((r) => ({ Code: r.Code, ...(r.Item ? { Item: marshall(r.Item) } : {}) })),
  });
  mock.on(TransactWriteItemsCommand).rejects(error);
  return {
    store: new DynamoDecisionStore({ client, tableName: "t", reads: {} as HistoryReads, retention: DEFAULT_RETENTION }),
    mock,
  };
}

const claim = (store: DynamoDecisionStore) => store.claim(REF, intent, { now: new Date(at(0)), lockSeconds: 120 });

describe("DynamoDecisionStore.claim", () => {
  it("reports a key whose decision is done as a duplicate", async () => {
    const { store } = storeRefusing([{ Code: "ConditionalCheckFailed", Item: { status: "done" } }, { Code: "None" }]);
    expect(await claim(store)).toEqual({ status: "done" });
  });

  it("reports a key another invocation still holds as busy", async () => {
    const { store } = storeRefusing([
      { Code: "ConditionalCheckFailed", Item: { status: "claimed", claimedAt: at(-10) } },
      { Code: "None" },
    ]);
    expect(await claim(store)).toEqual({ status: "busy" });
  });

  it("reports the service's lock held by another decision as busy", async () => {
    const { store } = storeRefusing([{ Code: "None" }, { Code: "ConditionalCheckFailed" }]);
    expect(await claim(store)).toEqual({ status: "busy" });
  });

  it("reports a transaction conflict as busy after retrying it, never as a duplicate", async () => {
    const { store, mock } = storeRefusing([{ Code: "None" }, { Code: "TransactionConflict" }]);
    expect(await claim(store)).toEqual({ status: "busy" });
    expect(mock.commandCalls(TransactWriteItemsCommand).length).toBeGreaterThan(1);
  });
});
