import * as z from "../zod.ts";
import { envelopeOf, eventFields, once } from "./envelope.ts";

// CloudWatch's alarm events, built on the first one a container receives (envelope.ts once).
function schemas() {
  const { nonEmpty } = eventFields();
  const text = z.optional(z.string());

  const alarmState = z.looseObject({
    // OK | ALARM | INSUFFICIENT_DATA, kept open for new values.
    value: nonEmpty,
    reason: text,
    reasonData: text,
    timestamp: text,
    actionsSuppressedBy: text,
  });

  const alarmDetail = z.looseObject({
    alarmName: nonEmpty,
    state: alarmState,
    previousState: z.optional(alarmState),
    configuration: z.optional(z.looseObject({ description: text })),
  });

  return { alarmStateChange: envelopeOf("CloudWatch Alarm State Change", alarmDetail) };
}

export const cloudWatchSchemas = once(schemas);
export type AlarmStateChangeEvent = z.infer<ReturnType<typeof schemas>["alarmStateChange"]>;
