import * as z from "../zod.ts";
import { envelopeOf, nonEmpty } from "./envelope.ts";

const text = z.optional(z.string());

const alarmState = z.looseObject({
  // OK | ALARM | INSUFFICIENT_DATA, kept open for new values.
  value: nonEmpty,
  reason: text,
  reasonData: text,
  timestamp: text,
  actionsSuppressedBy: text,
});

export const alarmDetail = z.looseObject({
  alarmName: nonEmpty,
  state: alarmState,
  previousState: z.optional(alarmState),
  configuration: z.optional(z.looseObject({ description: text })),
});

export const alarmStateChange = envelopeOf("CloudWatch Alarm State Change", alarmDetail);
export type AlarmStateChangeEvent = z.infer<typeof alarmStateChange>;
