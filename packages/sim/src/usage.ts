// Simulated CPU and memory use of a service's tasks, per minute, from a usage profile: a daily
// pattern (quiet at night, a peak at the busy hour), short CPU spikes, noise, and for an
// OOM-prone service a memory leak that climbs to the limit, gets the task killed and starts
// over. Deterministic: the same profile and minute give the same numbers on every run, so the
// CloudWatch endpoint, the demo and the benchmark agree without storing anything.

export type UsageProfile = {
  /** Tasks running (the same all day, as a service without autoscaling). */
  tasks: number;
  /** Task-level reservation the percentages are of (CPU units, MiB). */
  cpuUnits: number;
  memoryMiB: number;
  /** % of the reserved CPU: at the quietest hour and at `peakHourUtc`. */
  cpu: { low: number; high: number; peakHourUtc: number };
  memory: { low: number; high: number };
  /** A CPU spike to `cpu` % lasting `minutes`, every `everyHours`. */
  spikes?: { everyHours: number; minutes: number; cpu: number };
  /** Memory grows this many % of the limit per hour until the task is killed at 100 %. */
  leakPercentPerHour?: number;
  /** ± this many percentage points of noise per task and minute. */
  noise?: number;
  /** No data before this time (epoch ms): the service is younger than the lookback. */
  since?: number;
};

export type Sample = { max: number; avg: number; min: number; sum: number; count: number };
export type MinuteUsage = { cpu: Sample; memory: Sample };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Per-task CPU and memory % for one minute (epoch ms, any time inside the minute). */
export function taskUsage(
  profile: UsageProfile,
  seed: number,
  task: number,
  at: number,
): { cpu: number; memory: number } {
  const minute = Math.floor(at / MINUTE);
  const hour = (((at / HOUR) % 24) + 24) % 24;
  const daily = 0.5 + 0.5 * Math.cos((2 * Math.PI * (hour - profile.cpu.peakHourUtc)) / 24);
  const noise = (salt: number) => (profile.noise ?? 0) * (2 * unit(hash(seed, task, minute, salt)) - 1);
  let cpu = profile.cpu.low + (profile.cpu.high - profile.cpu.low) * daily + noise(1);
  const spikes = profile.spikes;
  if (spikes && minute % (spikes.everyHours * 60) < spikes.minutes) cpu = spikes.cpu + noise(2);
  let memory = profile.memory.low + (profile.memory.high - profile.memory.low) * daily + noise(3);
  if (profile.leakPercentPerHour) memory = leakAt(profile, seed, task, at).percent;
  return { cpu: clamp(cpu), memory: clamp(memory) };
}

/** Where a leaking task's memory is: low at its (re)start, +leak per hour, killed at 100 %. */
function leakAt(
  profile: UsageProfile,
  seed: number,
  task: number,
  at: number,
): { percent: number; cycleStart: number; cycle: number } {
  const cycle = cycleLength(profile);
  // Tasks start at different times, so their kills do not all fall in the same minute.
  const offset = (unit(hash(seed, task, 0, 9)) * cycle) | 0;
  const into = (((at + offset) % cycle) + cycle) % cycle;
  return {
    percent: Math.min(100, profile.memory.low + (profile.leakPercentPerHour! * into) / HOUR),
    cycleStart: at - into,
    cycle,
  };
}

function cycleLength(profile: UsageProfile): number {
  return Math.ceil(((100 - profile.memory.low) / profile.leakPercentPerHour!) * HOUR);
}

/** The minute's statistics across the service's tasks; undefined before the service had data. */
export function minuteUsage(profile: UsageProfile, seed: number, at: number): MinuteUsage | undefined {
  if (profile.since !== undefined && at < profile.since) return undefined;
  const cpu = emptySample();
  const memory = emptySample();
  for (let t = 0; t < profile.tasks; t++) {
    const u = taskUsage(profile, seed, t, at);
    add(cpu, u.cpu);
    add(memory, u.memory);
  }
  cpu.avg = cpu.sum / cpu.count;
  memory.avg = memory.sum / memory.count;
  return { cpu, memory };
}

/** OOM kills of the service's tasks in [start, end): every time a leaking task reached its limit. */
export function oomKillsBetween(profile: UsageProfile, seed: number, start: number, end: number): number {
  if (!profile.leakPercentPerHour) return 0;
  const from = Math.max(start, profile.since ?? start);
  let kills = 0;
  for (let t = 0; t < profile.tasks; t++) {
    // The kill happens when the task reaches 100 %, at the end of each cycle.
    const { cycleStart, cycle } = leakAt(profile, seed, t, from);
    for (let kill = cycleStart + cycle; kill < end; kill += cycle) kills++;
  }
  return kills;
}

/** A stable seed for a service name, so each service has its own noise. */
export function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

function emptySample(): Sample {
  return { max: -Infinity, avg: 0, min: Infinity, sum: 0, count: 0 };
}

function add(s: Sample, v: number): void {
  if (v > s.max) s.max = v;
  if (v < s.min) s.min = v;
  s.sum += v;
  s.count++;
}

function clamp(v: number): number {
  return Math.min(100, Math.max(0, v));
}

function hash(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ c ^ (h >>> 15), 0x27d4eb2f) ^ Math.imul(d, 0x165667b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

function unit(h: number): number {
  return h / 0x1_0000_0000;
}
