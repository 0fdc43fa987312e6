import type { SimClock } from "./types.ts";

// The simulator's agenda: work due at a simulated time, run in (time, insertion) order so a run
// is deterministic. A binary heap keeps long scenarios (thousands of task transitions) cheap.

/** `owner`: the service the work belongs to (a replay runs each service's work at its own time). */
type Item = { at: number; seq: number; run: () => void; owner: string | undefined };

export class Timeline {
  readonly #clock: SimClock;
  readonly #heap: Item[] = [];
  #seq = 0;
  #override: number | undefined;
  /** Work scheduled now belongs to this owner: the one whose work or API call is running. */
  #owner: string | undefined;

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
    this.#push({ at: Math.max(at, this.now()), seq: this.#seq++, run, owner: this.#owner });
  }

  /** Runs synchronous work on behalf of `owner`: what it schedules belongs to the owner. */
  owning<T>(owner: string | undefined, work: () => T): T {
    const previous = this.#owner;
    this.#owner = owner;
    try {
      return work();
    } finally {
      this.#owner = previous;
    }
  }

  /** When the owner's next work is due, if it has any. */
  nextOwnedAt(owner: string): number | undefined {
    let next: number | undefined;
    for (const item of this.#heap) if (item.owner === owner && (next === undefined || item.at < next)) next = item.at;
    return next;
  }

  /** Runs the owner's work due up to `time`, in order, leaving everyone else's; returns how many ran. */
  runOwnedUntil(owner: string, time: number): number {
    const others: Item[] = [];
    let ran = 0;
    for (;;) {
      const next = this.#heap[0];
      if (!next || next.at > time) break;
      this.#pop();
      if (next.owner !== owner) {
        others.push(next);
        continue;
      }
      this.#clock.advanceTo(next.at);
      this.owning(next.owner, next.run);
      ran += 1;
    }
    for (const item of others) this.#push(item);
    return ran;
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
    this.owning(next.owner, next.run);
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
