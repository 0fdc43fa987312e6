import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { PeekedService, PeekRequest } from "@ecs-guardrails/core/engine/ports";
import { serviceKey } from "@ecs-guardrails/core/model/service-ref";
import { translateDynamoError } from "./dynamo-errors.ts";
import { DEPLOYMENT_PREFIX, deploymentSk, servicePk, STATE_SK } from "./keys.ts";
import { toState } from "./mapping.ts";

/** BatchGetItem reads at most 100 keys a request (docs/design/aws-facts.md#api-budgets-and-service-limits). */
export const KEYS_PER_BATCH = 100;

/**
 * Many services' state items, and the deployment records ECS lists for them, in BatchGetItem
 * requests of up to 100 keys (one service's keys never split across two). A service with a key
 * DynamoDB left unprocessed is left out of the answer: the reconcile then looks at it in full.
 */
export async function peekServices(
  client: DynamoDBClient,
  table: string,
  wanted: readonly PeekRequest[],
): Promise<Map<string, PeekedService>> {
  const answer = new Map<string, PeekedService>();
  for (const page of pages(wanted)) {
    const keys = page.flatMap(({ ref, deployments }) =>
      [STATE_SK, ...[...new Set(deployments)].map(deploymentSk)].map((sk) => ({ pk: servicePk(ref), sk })),
    );
    const out = await batchGet(client, table, keys);
    const items = (out.Responses?.[table] ?? []).map((i) => unmarshall(i));
    const unprocessed = new Set((out.UnprocessedKeys?.[table]?.Keys ?? []).map((k) => String(unmarshall(k)["pk"])));
    for (const { ref } of page) {
      const pk = servicePk(ref);
      if (unprocessed.has(pk)) continue;
      const mine = items.filter((i) => i["pk"] === pk);
      const state = mine.find((i) => i["sk"] === STATE_SK);
      const recorded = mine
        .filter((i) => String(i["sk"]).startsWith(DEPLOYMENT_PREFIX))
        .map((i) => String(i["sk"]).slice(DEPLOYMENT_PREFIX.length));
      answer.set(serviceKey(ref), { state: state && toState(state), recorded: new Set(recorded) });
    }
  }
  return answer;
}

/** The requests' pages: services in order, as many as fit in 100 keys (their state and deployments). */
function pages(wanted: readonly PeekRequest[]): PeekRequest[][] {
  const out: PeekRequest[][] = [];
  let page: PeekRequest[] = [];
  let size = 0;
  for (const w of wanted) {
    const keys = 1 + new Set(w.deployments).size;
    if (keys > KEYS_PER_BATCH) continue; // never in practice (ECS lists a handful): looked at in full
    if (size + keys > KEYS_PER_BATCH) {
      out.push(page);
      page = [];
      size = 0;
    }
    page.push(w);
    size += keys;
  }
  if (page.length > 0) out.push(page);
  return out;
}

async function batchGet(client: DynamoDBClient, table: string, keys: Record<string, string>[]) {
  try {
    return await client.send(
      new BatchGetItemCommand({
        RequestItems: {
          [table]: { Keys: keys.map((k) => marshall(k) as Record<string, AttributeValue>), ConsistentRead: true },
        },
      }),
    );
  } catch (error) {
    throw translateDynamoError(error, table, "peekServices");
  }
}
