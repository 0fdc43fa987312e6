// When replay runs the scheduled reconcile. Live's schedule runs on its own 5-minute grid, which
// no event records; an export carries the times live's reconcile ran (`{"guardrails":"tick"}`
// lines, docs/replay.md#exported-streams). Inside the span of those times the reconcile runs at
// exactly them (a missed tick stays missed); before it, on the grid from the stream's start;
// after it, on the grid from the last recorded tick (live's schedule went on from there).

export type TickSchedule = {
  /** The first slot after `time` (`strictly`), or at or after it. */
  from(time: number, strictly: boolean): number;
};

export function tickSchedule(start: number, everyMs: number, recorded: readonly number[] = []): TickSchedule {
  const ticks = [...new Set(recorded)].sort((a, b) => a - b);
  const grid = (base: number, time: number, strictly: boolean) =>
    base + everyMs * (strictly ? Math.floor((time - base) / everyMs) + 1 : Math.ceil((time - base) / everyMs));
  return {
    from(time, strictly) {
      const first = ticks[0];
      const last = ticks.at(-1);
      if (first === undefined || last === undefined) return grid(start, time, strictly);
      const before = grid(start, time, strictly);
      if (before < first) return before;
      const recordedNext = ticks.find((t) => (strictly ? t > time : t >= time));
      return recordedNext ?? grid(last, time, strictly);
    },
  };
}
