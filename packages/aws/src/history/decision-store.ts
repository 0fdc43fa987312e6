import {
  type AttributeValue,
  ConditionalCheckFailedException,
  QueryCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { PolicyId } from "@ecs-guardrails/core/registry";
import type { Decision } from "@ecs-guardrails/core/model/decision";
import type { DecisionStore, ParkedDecision, PeekRequest } from "@ecs-guardrails/core/engine/ports";
import { peekServices } from "./peek-services.ts";
import { translateDynamoError } from "./dynamo-errors.ts";
import { attentionPk, decisionSk, PARKED_PK } from "./decision-writes.ts";
import { DynamoEventStore } from "./event-store.ts";
import { GSI1, refOfPk, servicePk, STATE_SK } from "./keys.ts";
import { placeOf } from "@ecs-guardrails/core/model/service-ref";

/**
 * The whole decision store: the event functions' side (event-store.ts) and the reconcile's —
 * the decisions parked for a retry, the services a policy asked it to look at again, and the
 * services it could not look at.
 */
export class DynamoDecisionStore extends DynamoEventStore implements DecisionStore {
  async parkedDecisions(): Promise<ParkedDecision[]> {
    const items = await this.queryIndex(PARKED_PK, "parkedDecisions");
    return items.map((i) => ({
      cluster: String(i["cluster"]),
      service: String(i["service"]),
      ...placeOf(refOfPk(i["pk"]) ?? {}),
      key: String(i["sk"]).slice("DECISION#".length),
      mode: i["mode"] as ParkedDecision["mode"],
      // A claim in flight (or left by a dead claimant) has no decision of its own here: its intent is on the state item.
      status: i["status"] === "claimed" ? "claimed" : (i["parkedStatus"] as ParkedDecision["status"]),
      guard: typeof i["parkedGuard"] === "string" ? i["parkedGuard"] : undefined,
      decision: typeof i["decision"] === "string" ? (JSON.parse(i["decision"]) as Decision) : undefined,
    }));
  }

  async unwatch(ref: ServiceRef, key: string): Promise<void> {
    await this.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: marshall({ pk: servicePk(ref), sk: decisionSk(key) }),
        UpdateExpression: "REMOVE #g1, #g2",
        ExpressionAttributeNames: { "#g1": "gsi1pk", "#g2": "gsi1sk" },
      }),
      "unwatch",
    );
  }

  async markTickProblem(
    ref: ServiceRef,
    problem: string | undefined,
    at: string,
    options: { announceAfterMs?: number } = {},
  ): Promise<boolean> {
    const Key = marshall({ pk: servicePk(ref), sk: STATE_SK });
    const names = { "#p": "tickProblem", "#since": "tickProblemSince", "#told": "tickProblemAnnounced" };
    try {
      if (!problem) {
        // Recovered: clear it, and say so only if the problem had been announced.
        const out = await this.client.send(
          new UpdateItemCommand({
            TableName: this.table,
            Key,
            UpdateExpression: "REMOVE #p, #since, #told",
            ConditionExpression: "attribute_exists(#p)",
            ExpressionAttributeNames: names,
            ReturnValues: "ALL_OLD",
          }),
        );
        return out.Attributes?.["tickProblemAnnounced"] !== undefined;
      }
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key,
          UpdateExpression:
            "SET #p = :p, #since = if_not_exists(#since, :at), #cluster = :cluster, #service = :service",
          ExpressionAttributeNames: {
            "#p": names["#p"],
            "#since": names["#since"],
            "#cluster": "cluster",
            "#service": "service",
          },
          ExpressionAttributeValues: marshall({
            ":p": problem,
            ":at": at,
            ":cluster": ref.cluster,
            ":service": ref.service,
          }),
          ReturnValues: "ALL_NEW",
        }),
      );
      const since = out.Attributes?.["tickProblemSince"]?.S ?? at;
      if (
        out.Attributes?.["tickProblemAnnounced"] ||
        Date.parse(at) - Date.parse(since) < (options.announceAfterMs ?? 0)
      )
        return false;
      // Lasted past one tick: announce it once (the condition makes a racing tick stay quiet).
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key,
          UpdateExpression: "SET #told = :at",
          ConditionExpression: "attribute_not_exists(#told)",
          ExpressionAttributeNames: { "#told": "tickProblemAnnounced" },
          ExpressionAttributeValues: marshall({ ":at": at }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw translateDynamoError(error, this.table, "markTickProblem");
    }
  }

  /** The reconcile's quiet check: many services' state items (and listed deployments) in BatchGetItem pages. */
  peekServices(wanted: readonly PeekRequest[]) {
    return peekServices(this.client, this.table, wanted);
  }

  async servicesNeedingAttention(policy: PolicyId): Promise<ServiceRef[]> {
    return (await this.queryIndex(attentionPk(policy), "servicesNeedingAttention")).map((i) => ({
      cluster: String(i["cluster"]),
      service: String(i["service"]),
      ...placeOf(refOfPk(i["pk"]) ?? {}),
    }));
  }

  protected async send<T>(command: UpdateItemCommand | QueryCommand, operation: string): Promise<T> {
    try {
      return (await this.client.send(command as never)) as T;
    } catch (error) {
      throw translateDynamoError(error, this.table, operation);
    }
  }

  private async queryIndex(pk: string, operation: string): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.send<{
        Items?: Record<string, AttributeValue>[];
        LastEvaluatedKey?: Record<string, AttributeValue>;
      }>(
        new QueryCommand({
          TableName: this.table,
          IndexName: GSI1,
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: marshall({ ":pk": pk }),
          ExclusiveStartKey: start,
        }),
        operation,
      );
      out.push(...(page.Items ?? []).map((i) => unmarshall(i)));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
