/**
 * zod's name for what a value is (its util.parsedType), as "expected string, received …" shows
 * it: zod.ts's messages and the ingest's event checks (events/event-shapes.ts) say it alike.
 */
export function received(data: unknown): string {
  if (typeof data === "number") return Number.isNaN(data) ? "NaN" : Number.isFinite(data) ? "number" : String(data);
  if (typeof data !== "object") return typeof data;
  if (data === null) return "null";
  if (Array.isArray(data)) return "array";
  return Object.getPrototypeOf(data) !== Object.prototype && "constructor" in data && data.constructor
    ? data.constructor.name
    : "object";
}
