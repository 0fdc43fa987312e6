import type { SimClock } from "./types.ts";

// The simulator's agenda: work due at a simulated time, run in (time, insertion) order so a run
// is deterministic. A binary heap keeps long scenarios (thousands of task transitions) cheap.

type Item = { at: number; seq: number; run: () => void };

export class Timeline {
  readonly #clock: SimClock;
  readonly #heap: Item[] = [];
  #seq = 0;
  #override: number | undefined;

  constructor(clock: SimClock) {
    this.#clock = clock;
  }

  now(): number {
    return this.#override ?? this.#clock.now();
  }

  /** Runs synchronous work as if at `time` (an API call on behalf of a replay lane); undefined: now. */
  during<T>(time: number | undefined, work: () => T): T {
    if (time === undefined) return work();
    const previous = this.#override;
    this.#override = time;
    try {
      return work();
    } finally {
      this.#override = previous;
    }
  }

  /** Runs `run` at `at` (or now, if `at` has passed). */
  at(at: number, run: () => void): void {
    this.#push({ at: Math.max(at, this.now()), seq: this.#seq++, run });
  }

  after(ms: number, run: () => void): void {
    this.at(this.now() + ms, run);
  }

  get pending(): number {
    return this.#heap.length;
  }

  nextAt(): number | undefined {
    return this.#heap[0]?.at;
  }

  /** Processes every item due up to `time`, then leaves the clock at `time`. */
  runUntil(time: number): void {
    while (this.step(time));
    this.#clock.advanceTo(time);
  }

  /** Runs the next item if it is due by `limit`; false when there is none. */
  step(limit: number): boolean {
    const next = this.#heap[0];
    if (!next || next.at > limit) return false;
    this.#pop();
    this.#clock.advanceTo(next.at);
    next.run();
    return true;
  }

  #push(item: Item): void {
    const h = this.#heap;
    h.push(item);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

function before(a: Item, b: Item): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
