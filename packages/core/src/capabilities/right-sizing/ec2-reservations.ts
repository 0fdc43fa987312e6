import type { ContainerAdvice, ContainerReservation } from "./types.ts";

// On the EC2 launch type a task has no Fargate size: what matters is what each container
// reserves on the instance (cpu units, memoryReservation) and where it is killed (memory).
// The service metrics are per task, so the task's need is split between the containers in
// proportion to what each reserves today (equally when none says): the reservation a team
// already chose is the best knowledge of which container uses what.

export type TaskNeed = {
  /** CPU units the task needs (the CPU rule). */
  cpu: number;
  /** Hard limit: the memory rule (peak + margin, OOM bump). */
  memory: number;
  /** Soft reservation: the memory a task typically holds (the CPU percentile of memory + margin). */
  memoryReservation: number;
};

export type Floors = { minCpuUnits: number; minMemoryMiB: number };

export function containerAdvice(
  containers: readonly ContainerReservation[],
  need: TaskNeed,
  floors: Floors,
): ContainerAdvice[] {
  const cpuShares = shares(containers.map((c) => c.cpu ?? 0));
  const memShares = shares(containers.map((c) => c.memory ?? c.memoryReservation ?? 0));
  const softShares = shares(containers.map((c) => c.memoryReservation ?? c.memory ?? 0));
  return containers.map((c, i) => {
    const memory = Math.max(floors.minMemoryMiB, Math.ceil(need.memory * memShares[i]!));
    const memoryReservation = Math.min(
      memory,
      Math.max(floors.minMemoryMiB, Math.ceil(need.memoryReservation * softShares[i]!)),
    );
    return {
      name: c.name,
      cpu: Math.max(floors.minCpuUnits, Math.ceil(need.cpu * cpuShares[i]!)),
      memory,
      memoryReservation,
    };
  });
}

/** Each value's fraction of the total; equal fractions when the total is 0. */
function shares(values: readonly number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  return values.map((v) => (total > 0 ? v / total : 1 / values.length));
}
