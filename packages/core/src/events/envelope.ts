import * as z from "../zod.ts";

// Loose objects everywhere: AWS adds fields over time, and the docs ask consumers to accept
// unknown properties. Enumerations (eventName, stopCode, lastStatus) are plain strings for the
// same reason; the code that interprets them treats unknown values as "unknown".

/** A string with at least one character. */
export const nonEmpty = z.string().check(z.minLength(1));

/** ISO-8601 timestamps of varying precision (".19Z", ".325Z", whole seconds). */
export const isoTime = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), "not an ISO-8601 time"));

export const envelopeShape = {
  version: z.string(),
  id: nonEmpty,
  "detail-type": nonEmpty,
  source: nonEmpty,
  account: z.string(),
  // The documented Spot-interruption snippet has neither `time` nor `region`.
  time: z.optional(isoTime),
  region: z.optional(z.string()),
  resources: z.array(z.string()),
};

export const anyEnvelope = z.looseObject({ ...envelopeShape, detail: z.looseObject({}) });
export type AnyEnvelope = z.infer<typeof anyEnvelope>;

/** Builds the envelope schema of one detail-type around its detail schema. */
export function envelopeOf<D extends z.ZodMiniType>(detailType: string, detail: D) {
  return z.looseObject({
    ...envelopeShape,
    "detail-type": z.literal(detailType),
    detail,
  });
}
