import { z } from "zod";
import { envelopeOf } from "./envelope.ts";

const alarmState = z.looseObject({
  // OK | ALARM | INSUFFICIENT_DATA, kept open for new values.
  value: z.string().min(1),
  reason: z.string().optional(),
  reasonData: z.string().optional(),
  timestamp: z.string().optional(),
  actionsSuppressedBy: z.string().optional(),
});

export const alarmDetail = z.looseObject({
  alarmName: z.string().min(1),
  state: alarmState,
  previousState: alarmState.optional(),
  configuration: z.looseObject({ description: z.string().optional() }).optional(),
});

export const alarmStateChange = envelopeOf("CloudWatch Alarm State Change", alarmDetail);
export type AlarmStateChangeEvent = z.infer<typeof alarmStateChange>;
