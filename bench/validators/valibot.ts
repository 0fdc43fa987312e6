import * as v from "valibot";

// See zod-classic.ts. Valibot's messages read "Invalid length: Expected >=1 but received 0".

const iso = v.pipe(
  v.string(),
  v.check((s) => !Number.isNaN(Date.parse(s)), "not an ISO-8601 time"),
);
const detail = v.looseObject({
  clusterArn: v.pipe(v.string(), v.minLength(1)),
  taskArn: v.pipe(v.string(), v.minLength(1)),
  lastStatus: v.pipe(v.string(), v.minLength(1)),
  desiredStatus: v.pipe(v.string(), v.minLength(1)),
  version: v.optional(v.number()),
  containers: v.optional(v.array(v.looseObject({ name: v.optional(v.string()), exitCode: v.optional(v.number()) }))),
  stoppedAt: v.optional(iso),
});
const envelope = v.looseObject({
  id: v.pipe(v.string(), v.minLength(1)),
  "detail-type": v.literal("ECS Task State Change"),
  time: v.optional(iso),
  resources: v.array(v.string()),
  detail,
});

export const handler = (raw: unknown) => v.safeParse(envelope, raw);
