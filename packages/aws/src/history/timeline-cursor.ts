import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { TIMELINE_PREFIX } from "./keys.ts";

// A timeline cursor names the last entry a page showed: its sort key (time#eventId) in
// base64url. The partition is the service asked for, so it is not in the cursor: a cursor is
// a few dozen characters, short enough to copy from a terminal.

const SHAPE = /^\d{4}-\d\d-\d\d[^#]*#./;

export function timelineCursor(sk: string): string {
  return Buffer.from(sk.slice(TIMELINE_PREFIX.length), "utf8").toString("base64url");
}

/** The sort key a cursor names; undefined when it is not one this store handed out. */
export function timelineCursorKey(cursor: string): string | undefined {
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  const canonical = Buffer.from(key, "utf8").toString("base64url") === cursor;
  return canonical && SHAPE.test(key) ? `${TIMELINE_PREFIX}${key}` : undefined;
}

/** The sort key a cursor names, or InvalidCursorError (a user's mistake: one line) when it names none. */
export function cursorKey(cursor: string): string {
  const key = timelineCursorKey(cursor);
  if (key === undefined) throw new InvalidCursorError(`"${cursor}" is not a timeline cursor`);
  return key;
}

export class InvalidCursorError extends GuardrailsError {
  override name = "InvalidCursorError";
}
