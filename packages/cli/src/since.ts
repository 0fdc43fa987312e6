import { UsageError } from "./command.ts";

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `--since`: an age before `now` ("30d", "12h", "90m") or an ISO-8601 time, as an ISO time. */
export function sinceTime(raw: string, now: Date): string {
  const age = /^(\d+)([mhd])$/.exec(raw.trim());
  if (age) return new Date(now.getTime() - Number(age[1]) * UNIT_MS[age[2] as keyof typeof UNIT_MS]).toISOString();
  const at = Date.parse(raw);
  if (Number.isNaN(at)) throw new UsageError(`--since "${raw}": expected an age (30d, 12h, 90m) or an ISO-8601 time`);
  return new Date(at).toISOString();
}
