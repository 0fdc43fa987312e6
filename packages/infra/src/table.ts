/// <reference path="../../../.sst/platform/config.d.ts" />

/**
 * Per-service history: one item per observed fact, keyed by access pattern (pk/sk for a
 * service's timeline, gsi1 for cross-service lookups such as "by task" or "by deployment").
 * Items carry `expiresAt` so history trims itself for free. SST turns point-in-time recovery
 * on and bills on demand by default; the infra test asserts both.
 */
export function createHistoryTable(): sst.aws.Dynamo {
  return new sst.aws.Dynamo("History", {
    fields: {
      pk: "string",
      sk: "string",
      gsi1pk: "string",
      gsi1sk: "string",
    },
    primaryIndex: { hashKey: "pk", rangeKey: "sk" },
    globalIndexes: {
      gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
    },
    ttl: "expiresAt",
  });
}
