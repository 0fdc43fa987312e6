// Wall-clock facts in an IANA time zone, from the runtime's own tz data (Intl): the local
// date and time of an instant, its UTC offset, and the instant a local day starts.

export type LocalTime = { date: string; time: string; offsetMinutes: number; offset: string };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Why `zone` is not a usable IANA zone, or undefined. */
export function zoneProblem(zone: string): string | undefined {
  try {
    formatter(zone);
    return undefined;
  } catch {
    return `unknown time zone '${zone}' (expected an IANA name such as Europe/Berlin)`;
  }
}

export function localTime(at: Date, zone: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts["year"]}-${parts["month"]}-${parts["day"]}`;
  const wall = Date.UTC(
    Number(parts["year"]),
    Number(parts["month"]) - 1,
    Number(parts["day"]),
    Number(parts["hour"]),
    Number(parts["minute"]),
    Number(parts["second"]),
  );
  const offsetMinutes = Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  return { date, time: `${parts["hour"]}:${parts["minute"]}`, offsetMinutes, offset: formatOffset(offsetMinutes) };
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** The first instant of local date `date` (YYYY-MM-DD) in `zone`. */
export function startOfLocalDay(date: string, zone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const midnightAsUtc = Date.UTC(y, m - 1, d);
  // Two passes: the offset at the first guess can differ from the offset at local midnight.
  let guess = midnightAsUtc - localTime(new Date(midnightAsUtc), zone).offsetMinutes * 60_000;
  guess = midnightAsUtc - localTime(new Date(guess), zone).offsetMinutes * 60_000;
  // Midnight inside a DST gap (some zones) does not exist: the day starts when the gap ends.
  while (localTime(new Date(guess), zone).date < date) guess += 15 * 60_000;
  return new Date(guess);
}

/** The local date after `date` (YYYY-MM-DD), calendar arithmetic only. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Whether `date` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const parsed = new Date(Date.UTC(y, m - 1, d));
  return parsed.getUTCFullYear() === y && parsed.getUTCMonth() === m - 1 && parsed.getUTCDate() === d;
}
