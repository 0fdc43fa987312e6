import { randomUUID } from "node:crypto";
import type { JsonService } from "./json-service.ts";
import { validation } from "./json-service.ts";
import { JSON_1_1 } from "./protocol.ts";

// EventBridge PutEvents as the local event intake: each valid entry becomes the envelope a rule
// target would receive and is handed to `onEvent`. Entries fail one by one (FailedEntryCount),
// as in EventBridge; a whole request fails only when it is malformed. Unlike EventBridge, sources
// starting with "aws." are accepted: replaying captured ECS events is what the intake is for.

export type EventEnvelope = {
  version: "0";
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
};

export type EventIntake = {
  account: string;
  region: string;
  now: () => number;
  deliver: (envelope: EventEnvelope) => Promise<void>;
};

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

const MAX_ENTRY_BYTES = 256 * 1024;

export function eventBridgeService(intake: EventIntake): JsonService {
  return {
    name: "EventBridge",
    targetPrefix: "AWSEvents",
    contentType: JSON_1_1,
    operations: {
      PutEvents: async (input) => {
        const entries = input.Entries;
        if (!Array.isArray(entries) || entries.length < 1 || entries.length > 10) {
          throw validation(
            "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10",
          );
        }
        const results: EntryResult[] = [];
        const accepted: EventEnvelope[] = [];
        for (const entry of entries) {
          const outcome = toEnvelope(entry, intake);
          if ("envelope" in outcome) {
            accepted.push(outcome.envelope);
            results.push({ EventId: outcome.envelope.id });
          } else results.push(outcome);
        }
        // Delivered after the whole request is validated, in entry order.
        for (const envelope of accepted) await intake.deliver(envelope);
        return { FailedEntryCount: results.filter((r) => "ErrorCode" in r).length, Entries: results };
      },
    },
  };
}

function toEnvelope(
  raw: unknown,
  intake: EventIntake,
): { envelope: EventEnvelope } | { ErrorCode: string; ErrorMessage: string } {
  const entry = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  for (const key of ["Source", "DetailType", "Detail"]) {
    if (typeof entry[key] !== "string" || entry[key] === "")
      return {
        ErrorCode: "InvalidArgument",
        ErrorMessage: `Parameter ${key} is not valid. Reason: ${key} is a required argument.`,
      };
  }
  if (Buffer.byteLength(JSON.stringify(entry)) > MAX_ENTRY_BYTES)
    return { ErrorCode: "InvalidArgument", ErrorMessage: "Entry size exceeds 256 KB." };
  const detail = parseDetail(entry.Detail as string);
  if (detail === undefined) return { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." };
  const resources = entry.Resources ?? [];
  if (!Array.isArray(resources) || !resources.every((r) => typeof r === "string"))
    return { ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Resources is not valid." };
  const time = entryTime(entry.Time, intake.now());
  if (time === undefined) return { ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Time is not valid." };
  return {
    envelope: {
      version: "0",
      id: randomUUID(),
      "detail-type": entry.DetailType as string,
      source: entry.Source as string,
      account: intake.account,
      // EventBridge envelopes carry whole seconds.
      time: new Date(time).toISOString().replace(/\.\d+Z$/, "Z"),
      region: intake.region,
      resources,
      detail,
    },
  };
}

/** Detail must be a JSON object. */
function parseDetail(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The SDK sends Time as epoch seconds; hand-made requests may send an ISO string. */
function entryTime(value: unknown, now: number): number | undefined {
  if (value === undefined || value === null) return now;
  const ms = typeof value === "number" ? value * 1000 : typeof value === "string" ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}
