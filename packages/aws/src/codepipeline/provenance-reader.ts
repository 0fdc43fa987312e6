import { type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { DeploymentLink, PipelineExecution, ProvenanceStore } from "@ecs-guardrails/core/history/provenance";
import { translateDynamoError } from "../history/dynamo-errors.ts";
import { servicePk } from "../history/keys.ts";
import { EXECUTION_SK, executionPk, linkSk } from "./keys.ts";

// The two reads a notice's provenance needs (history/provenance-notifier.ts), apart from the
// deploy stage's writes (pipeline-store.ts), so that a function that only notifies (the
// reconcile) bundles no pipeline writes (issue 19).

export type ProvenanceReads = Pick<ProvenanceStore, "deploymentLink" | "execution">;

export class DynamoProvenanceReader implements ProvenanceReads {
  private readonly client: DynamoDBClient;
  private readonly table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.client = client;
    this.table = table;
  }

  async deploymentLink(ref: ServiceRef, deploymentId: string): Promise<DeploymentLink | undefined> {
    const item = await this.get(servicePk(ref), linkSk(deploymentId), "deploymentLink");
    if (!item) return undefined;
    const s = (k: string) => (typeof item[k] === "string" ? (item[k] as string) : undefined);
    return {
      ...ref,
      deploymentId,
      executionId: String(item["executionId"]),
      pipeline: s("pipeline"),
      commitId: s("commitId"),
      branch: s("branch"),
      at: String(item["at"]),
    };
  }

  async execution(executionId: string): Promise<PipelineExecution | undefined> {
    const item = await this.get(executionPk(executionId), EXECUTION_SK, "execution");
    if (!item) return undefined;
    return {
      executionId,
      pipeline: String(item["pipeline"]),
      state: typeof item["state"] === "string" ? item["state"] : "UNKNOWN",
      at: typeof item["stateAt"] === "string" ? item["stateAt"] : "",
      trigger: typeof item["trigger"] === "string" ? JSON.parse(item["trigger"]) : undefined,
    };
  }

  private async get(pk: string, sk: string, operation: string): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.client.send(
        new GetItemCommand({ TableName: this.table, Key: marshall({ pk, sk }), ConsistentRead: true }),
      );
      return out.Item && unmarshall(out.Item);
    } catch (error) {
      throw translateDynamoError(error, this.table, operation);
    }
  }
}
