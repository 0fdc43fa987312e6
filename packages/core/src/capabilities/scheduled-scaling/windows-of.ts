import { windowMaths, type CompiledWindow } from "../../time/windows.ts";
import type { ScheduledScalingSettings, ScheduleWindow } from "./settings.ts";

// The windows of a service's schedule, compiled by the window maths (time/holds.ts), which the
// functions that evaluate schedules load: the ingest never does.

/** The windows that apply to a service: its named schedule's, then its inline ones. */
export function windowsOf(settings: ScheduledScalingSettings): CompiledWindow[] {
  const { compileWindow: compile } = windowMaths();
  // A name that slipped past validation (scheduleReferenceProblems) holds nothing.
  const named =
    settings.schedule && Object.hasOwn(settings.schedules, settings.schedule)
      ? settings.schedules[settings.schedule]
      : undefined;
  const fromSchedule = (named?.windows ?? []).map((w, i, all) =>
    compile(w, windowId(settings.schedule!, w, i, all), named!.except),
  );
  return [...fromSchedule, ...settings.windows.map((w, i, all) => compile(w, windowId("windows", w, i, all), []))];
}

/**
 * By name, so reordering the list or adding a window does not make a held window look new (a
 * new id is a new occurrence: a start, a notice). An unnamed window, or a name used twice in
 * one list, can only be told by its position.
 */
function windowId(list: string, w: ScheduleWindow, index: number, all: readonly ScheduleWindow[]): string {
  const unique = w.name !== undefined && all.filter((o) => o.name === w.name).length === 1;
  return unique ? `${list}[${w.name}]` : `${list}.${index}`;
}
