import { InvalidArgumentError } from "commander";

// Parsers for option values. Each throws with the reason only; the parser prefixes the flag
// and the value, so a bad value prints one line naming both.

export function positiveInteger(max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1)
      throw new InvalidArgumentError("expected a whole number of at least 1.");
    if (n > max) throw new InvalidArgumentError(`expected at most ${max}.`);
    return n;
  };
}

export function port(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n > 65_535)
    throw new InvalidArgumentError("expected a TCP port, 0-65535 (0 picks a free one).");
  return n;
}

export function isoTime(raw: string): string {
  if (Number.isNaN(Date.parse(raw)))
    throw new InvalidArgumentError("expected an ISO-8601 time, such as 2026-11-20T10:00:00Z.");
  return raw;
}

export function nonEmpty(raw: string): string {
  if (raw.trim() === "") throw new InvalidArgumentError("expected a value.");
  return raw;
}

/** An age back from now, "14d" / "36h", in milliseconds. */
export function age(raw: string): number {
  const m = /^(\d+)([dh])$/.exec(raw.trim());
  if (!m || Number(m[1]) < 1) throw new InvalidArgumentError("expected an age such as 14d or 36h.");
  return Number(m[1]) * (m[2] === "d" ? 86_400_000 : 3_600_000);
}
