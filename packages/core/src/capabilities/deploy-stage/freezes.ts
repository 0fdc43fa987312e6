import { anyGlob } from "../../config/glob.ts";
import type { ServiceRef } from "../../events/model.ts";
import { compileWindow, occurrenceAt } from "../../time/holds.ts";
import type { DateSpec } from "../../time/windows.ts";
import { localTime } from "../../time/zone-time.ts";
import { freezeWindow, type FreezeWindow } from "./freeze-window.ts";

// Change freezes with the schedule maths of scheduled scaling (read, not changed): a freeze is a
// window in an IANA zone — cron start/end or days/from/to, with `except` dates — and/or whole
// local dates (`dates`: a day or a range, e.g. the end-of-year freeze).

export { freezeWindow, type FreezeWindow };

export type ActiveFreeze = { name: string; since: string; until: string | undefined };

/** The first freeze holding for the service at `now`, or undefined. */
export function activeFreeze(freezes: readonly FreezeWindow[], ref: ServiceRef, now: Date): ActiveFreeze | undefined {
  for (const [i, f] of freezes.entries()) {
    if (!anyGlob(f.clusters, ref.cluster) || !anyGlob(f.services, ref.service)) continue;
    const name = f.name ?? `freeze ${i}`;
    const today = localTime(now, f.timezone).date;
    if (f.dates.some((d) => onDate(d, today))) return { name, since: `${today} (${f.timezone})`, until: undefined };
    if (f.start === undefined && f.days === undefined) continue;
    // The window maths wants a scheduled-scaling window: the capacity is irrelevant to a freeze.
    const window = compileWindow({ ...f, stopped: true, alsoOn: [] }, `freeze.${i}`, []);
    const held = occurrenceAt(window, now);
    if (held) return { name, since: held.since.toISOString(), until: held.until?.toISOString() };
  }
  return undefined;
}

const onDate = (d: DateSpec, date: string) => (typeof d === "string" ? d === date : d.from <= date && date <= d.to);
