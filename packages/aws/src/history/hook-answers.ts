import { ConditionalCheckFailedException, type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { HookAnswerEntry, HookAnswerLog } from "@ecs-guardrails/core/capabilities/deployment-hook/ports";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import { translateDynamoError } from "./dynamo-errors.ts";
import { epochSeconds, timelineItem } from "./items.ts";
import type { Retention } from "./retention.ts";

/**
 * The deployment hook's answers in the service's timeline (type `decision`, so `guardrails
 * history` shows them beside the policies' decisions). One PutItem per answer, conditional so
 * a retried write of the same answer is kept once.
 */
export class DynamoHookAnswerLog implements HookAnswerLog {
  private readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly retention: Retention;

  constructor(options: { client: DynamoDBClient; tableName: string; retention: Retention }) {
    this.client = options.client;
    this.table = options.tableName;
    this.retention = options.retention;
  }

  async recordAnswer(ref: ServiceRef, a: HookAnswerEntry): Promise<void> {
    const item = timelineItem(answerEntry(ref, a), epochSeconds(a.time, this.retention.timelineDays));
    try {
      await this.client.send(new PutItemCommand({ TableName: this.table, Item: marshall(item, { removeUndefinedValues: true }), ConditionExpression: "attribute_not_exists(pk)" }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw translateDynamoError(error, this.table, "recordAnswer");
    }
  }
}

export function answerEntry(ref: ServiceRef, a: HookAnswerEntry): TimelineEntry {
  const differs = a.verdict !== a.hookStatus ? ` (enforce would answer ${a.verdict})` : "";
  return {
    ...ref,
    type: "decision",
    time: a.time,
    eventId: `deployment-hook#${a.executionId}#${a.answer}`,
    summary: `deployment hook answered ${a.hookStatus} at ${a.stage}${differs}: ${a.reason}`,
    deploymentId: a.deploymentId,
    eventName: `HOOK_${a.hookStatus}`,
    reason: a.reason,
    data: { policy: "auto-rollback", source: "deployment-hook", mode: a.mode, stage: a.stage, hookStatus: a.hookStatus, verdict: a.verdict, rule: a.rule, executionId: a.executionId, callBackDelay: a.callBackDelay },
  };
}
