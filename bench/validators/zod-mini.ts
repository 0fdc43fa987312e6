import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

// See zod-classic.ts. zod/mini ships no messages by default: the English locale is what keeps
// "Too small: expected number to be >=1", so it is loaded here as the project loads it.
z.config(en());

const iso = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), "not an ISO-8601 time"));
const detail = z.looseObject({
  clusterArn: z.string().check(z.minLength(1)),
  taskArn: z.string().check(z.minLength(1)),
  lastStatus: z.string().check(z.minLength(1)),
  desiredStatus: z.string().check(z.minLength(1)),
  version: z.optional(z.number()),
  containers: z.optional(z.array(z.looseObject({ name: z.optional(z.string()), exitCode: z.optional(z.number()) }))),
  stoppedAt: z.optional(iso),
});
const envelope = z.looseObject({
  id: z.string().check(z.minLength(1)),
  "detail-type": z.literal("ECS Task State Change"),
  time: z.optional(iso),
  resources: z.array(z.string()),
  detail,
});

export const handler = (raw: unknown) => z.safeParse(envelope, raw);
