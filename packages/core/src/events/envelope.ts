import * as z from "../zod.ts";

// Loose objects everywhere: AWS adds fields over time, and the docs ask consumers to accept
// unknown properties. Enumerations (eventName, stopCode, lastStatus) are plain strings for the
// same reason; the code that interprets them treats unknown values as "unknown".
//
// Every schema an event is read with is built on the first event that needs it, not when the
// module loads: building them all was about a millisecond of CPU on every cold start, before
// the first event (issue 19, docs/design/benchmarks.md "Cold start and bundle size").

/** The value `build` returns, built on the first call and kept for the container's life. */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

function fields() {
  /** A string with at least one character. */
  const nonEmpty = z.string().check(z.minLength(1));
  /** ISO-8601 timestamps of varying precision (".19Z", ".325Z", whole seconds). */
  const isoTime = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), "not an ISO-8601 time"));
  const envelopeShape = {
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
  return { nonEmpty, isoTime, envelopeShape };
}

/** The building blocks of every event schema: non-empty strings, ISO times, the EventBridge envelope's fields. */
export const eventFields = once(fields);

export const anyEnvelope = once(() => z.looseObject({ ...eventFields().envelopeShape, detail: z.looseObject({}) }));
export type AnyEnvelope = z.infer<ReturnType<typeof anyEnvelope>>;

/** Builds the envelope schema of one detail-type around its detail schema. */
export function envelopeOf<D extends z.ZodMiniType>(detailType: string, detail: D) {
  return z.looseObject({
    ...eventFields().envelopeShape,
    "detail-type": z.literal(detailType),
    detail,
  });
}
