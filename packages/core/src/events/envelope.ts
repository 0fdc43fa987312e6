import { z } from "zod";

// Loose objects everywhere: AWS adds fields over time, and the docs ask consumers to accept
// unknown properties. Enumerations (eventName, stopCode, lastStatus) are plain strings for the
// same reason; the code that interprets them treats unknown values as "unknown".

/** ISO-8601 timestamps of varying precision (".19Z", ".325Z", whole seconds). */
export const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not an ISO-8601 time");

export const envelopeShape = {
  version: z.string(),
  id: z.string().min(1),
  "detail-type": z.string().min(1),
  source: z.string().min(1),
  account: z.string(),
  // The documented Spot-interruption snippet has neither `time` nor `region`.
  time: isoTime.optional(),
  region: z.string().optional(),
  resources: z.array(z.string()),
};

export const anyEnvelope = z.looseObject({ ...envelopeShape, detail: z.looseObject({}) });
export type AnyEnvelope = z.infer<typeof anyEnvelope>;

/** Builds the envelope schema of one detail-type around its detail schema. */
export function envelopeOf<D extends z.ZodType>(detailType: string, detail: D) {
  return z.looseObject({
    ...envelopeShape,
    "detail-type": z.literal(detailType),
    detail,
  });
}
