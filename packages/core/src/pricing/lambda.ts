// Lambda duration at a memory size, from a run measured on one full local core.
//
// Lambda gives a function CPU in proportion to its memory: one full vCPU at 1,769 MB. Below
// that, CPU time stretches by 1,769 / memory; time spent waiting on DynamoDB or ECS does not.
// Init is billed like the handler (nodejs24.x) and is CPU-bound (loading the bundle), so the
// cold share is its measured CPU time, stretched the same way.

export const FULL_VCPU_MB = 1769;

export type MeasuredRun = {
  /** Wall-clock and CPU time of one warm invocation (median). */
  readonly warmMs: number;
  readonly warmCpuMs: number;
  /** CPU time from process start until the handler is ready (median). */
  readonly initCpuMs: number;
};

export function cpuStretch(memoryMB: number): number {
  return Math.max(1, FULL_VCPU_MB / memoryMB);
}

/** One warm invocation's duration at this memory size, in ms. */
export function warmDurationMs(run: Pick<MeasuredRun, "warmMs" | "warmCpuMs">, memoryMB: number): number {
  const waiting = Math.max(0, run.warmMs - run.warmCpuMs);
  return run.warmCpuMs * cpuStretch(memoryMB) + waiting;
}

/** The init phase's duration at this memory size, in ms. */
export function initDurationMs(run: Pick<MeasuredRun, "initCpuMs">, memoryMB: number): number {
  return run.initCpuMs * cpuStretch(memoryMB);
}

/** GB-seconds of one invocation: Lambda bills duration rounded up to the millisecond. */
export function gbSeconds(durationMs: number, memoryMB: number): number {
  return (Math.ceil(durationMs) / 1000) * (memoryMB / 1024);
}
