import { z } from "zod";

// The validator comparison (npm run bench -- --cold): one ECS Task State Change envelope, the
// same shape in each library, each module validating one event at import like a handler would.

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not an ISO-8601 time");
const detail = z.looseObject({
  clusterArn: z.string().min(1),
  taskArn: z.string().min(1),
  lastStatus: z.string().min(1),
  desiredStatus: z.string().min(1),
  version: z.number().optional(),
  containers: z.array(z.looseObject({ name: z.string().optional(), exitCode: z.number().optional() })).optional(),
  stoppedAt: iso.optional(),
});
const envelope = z.looseObject({
  id: z.string().min(1),
  "detail-type": z.literal("ECS Task State Change"),
  time: iso.optional(),
  resources: z.array(z.string()),
  detail,
});

export const handler = (raw: unknown) => envelope.safeParse(raw);
