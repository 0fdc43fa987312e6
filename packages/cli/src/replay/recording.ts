import { ReplayInputError } from "./input.ts";

// A recording made without the guardrails (docs/recording-events.md) as a replay stream: the
// AWS CLI's `aws logs filter-log-events --output json` (one object with `events`, each event's
// `message` an EventBridge envelope), a Logs Insights result (`aws logs get-query-results`:
// rows of fields, the envelope in `@message`), a JSON array, or JSON Lines of envelopes or of
// log events. Out: the envelopes by time, each event id once (EventBridge delivers at least once).

type Envelope = Record<string, unknown> & { id: string; time: string };
type Found = { value: unknown; where: string };

/** One recording's envelopes, in the recording's order (duplicates included). */
export function readRecording(text: string, file: string): Envelope[] {
  return entries(text, file).map(({ value, where }) => envelopeOf(value, `${file} ${where}`));
}

/** The recordings as one stream: by event time (a stable sort), each event id once across them. */
export function replayStream(recordings: readonly Envelope[][]): { envelopes: Envelope[]; duplicates: number } {
  const all = recordings.flat();
  const seen = new Set<string>();
  const envelopes = all.filter((e) => !seen.has(e.id) && Boolean(seen.add(e.id)));
  envelopes.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  return { envelopes, duplicates: all.length - envelopes.length };
}

function entries(text: string, file: string): Found[] {
  if (text.trim() === "") throw new ReplayInputError(`${file} is empty`);
  const whole = tryJson(text);
  if (whole !== undefined) return unwrap(whole, "");
  return text.split("\n").flatMap((line, i) => {
    if (line.trim() === "") return [];
    const value = tryJson(line);
    if (value === undefined) throw new ReplayInputError(`${file} line ${i + 1}: not valid JSON`);
    return unwrap(value, `line ${i + 1}`);
  });
}

/** The envelopes (or log events holding them) inside one JSON value, each with its place. */
function unwrap(value: unknown, where: string): Found[] {
  const at = (inner: string) => (where ? `${where} ${inner}` : inner);
  if (Array.isArray(value)) return value.map((v, i) => ({ value: v, where: at(`element ${i + 1}`) }));
  const object = value as Record<string, unknown> | null;
  if (Array.isArray(object?.["events"]))
    return (object["events"] as unknown[]).map((v, i) => ({ value: v, where: at(`event ${i + 1}`) }));
  if (Array.isArray(object?.["results"]))
    return (object["results"] as unknown[]).map((row, i) => ({
      value: insightsMessage(row),
      where: at(`result ${i + 1}`),
    }));
  return [{ value, where: where || "(the whole file)" }];
}

function insightsMessage(row: unknown): unknown {
  const fields = Array.isArray(row) ? (row as { field?: unknown; value?: unknown }[]) : [];
  return { message: fields.find((f) => f.field === "@message")?.value };
}

function envelopeOf(value: unknown, where: string): Envelope {
  const object = value as Record<string, unknown> | null;
  let envelope: unknown = value;
  if (object && typeof object === "object" && "message" in object) {
    envelope = typeof object["message"] === "string" ? tryJson(object["message"]) : undefined;
    if (envelope === undefined)
      throw new ReplayInputError(`${where}: not an EventBridge envelope (the message is not JSON)`);
  }
  const e = envelope as Record<string, unknown> | null;
  const fields = ["id", "time", "source", "detail-type"];
  if (
    !e ||
    typeof e !== "object" ||
    fields.some((f) => typeof e[f] !== "string") ||
    Number.isNaN(Date.parse(String(e["time"])))
  )
    throw new ReplayInputError(`${where}: not an EventBridge envelope (no id, time, source or detail-type)`);
  return e as Envelope;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
