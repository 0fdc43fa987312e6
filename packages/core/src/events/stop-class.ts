// Why a task stopped, from stopCode + stoppedReason + the containers' reason/exitCode
// (docs/design/aws-facts.md#ecs-events). No single field is enough: ELB health-check kills share stopCode
// ServiceSchedulerInitiated with ordinary scale-in, and exit code 137 is any SIGKILL, not OOM.

export const STOP_CLASSES = [
  "crash",
  "out-of-memory",
  "health-check",
  "failed-to-start",
  "spot-interruption",
  "expected",
  "user-stopped",
  "infrastructure",
  "unknown",
] as const;
export type StopClass = (typeof STOP_CLASSES)[number];

/** The classes that count against a revision: the new code is what failed. */
export const FAILURE_CLASSES = [
  "crash",
  "out-of-memory",
  "health-check",
  "failed-to-start",
] as const satisfies readonly StopClass[];
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export function isFailure(cls: StopClass): cls is FailureClass {
  return (FAILURE_CLASSES as readonly StopClass[]).includes(cls);
}

export type StopInput = {
  stopCode?: string | undefined;
  stoppedReason?: string | undefined;
  containers?:
    | readonly { name?: string | undefined; exitCode?: number | undefined; reason?: string | undefined }[]
    | undefined;
};

export type StopClassification = { class: StopClass; reason: string };

const START_FAILURE_PREFIXES = [
  "CannotPullContainerError",
  "ResourceInitializationError",
  "CannotStartContainerError",
  "ContainerRuntimeTimeoutError",
  "DockerTimeoutError",
  "CannotCreateVolumeError",
  "CannotInspectContainerError",
];
const OOM_PREFIX = "OutOfMemoryError";
const HEALTH_CHECK = /failed (ELB|container) health checks/i;
// CannotStopContainerError happens on the way down (scale-in, replacement): not the revision's fault.
const INFRASTRUCTURE =
  /^CannotStopContainerError|^Host EC2 \(instance .*\) (stopped|terminated)|maintenance on the underlying infrastructure|underlying infrastructure maintenance/i;
const SPOT_CODES = new Set(["SpotInterruption", "TerminationNotice"]);

type Rule = (s: Required<Pick<StopInput, "containers">> & StopInput) => StopClassification | undefined;

// Ordered: the first rule that matches wins. OOM comes first because its container reason is
// definitive even when the exit code says otherwise (it has been seen with exit code 0).
const rules: readonly Rule[] = [
  ({ containers }) => {
    const oom = containers.find((c) => c.reason?.startsWith(OOM_PREFIX));
    return oom ? { class: "out-of-memory", reason: `container ${oom.name ?? "?"} ran out of memory` } : undefined;
  },
  ({ stopCode, stoppedReason }) =>
    (stopCode && SPOT_CODES.has(stopCode)) || stoppedReason?.startsWith("Your Spot Task was interrupted")
      ? { class: "spot-interruption", reason: "Fargate Spot capacity was reclaimed" }
      : undefined,
  ({ stopCode, stoppedReason, containers }) => {
    const text = [stoppedReason, ...containers.map((c) => c.reason)].find(
      (r) => r && START_FAILURE_PREFIXES.some((p) => r.startsWith(p)),
    );
    if (text) return { class: "failed-to-start", reason: firstLine(text) };
    return stopCode === "TaskFailedToStart"
      ? { class: "failed-to-start", reason: firstLine(stoppedReason ?? "task failed to start") }
      : undefined;
  },
  ({ stoppedReason }) =>
    stoppedReason && HEALTH_CHECK.test(stoppedReason)
      ? { class: "health-check", reason: firstLine(stoppedReason) }
      : undefined,
  ({ stopCode, stoppedReason }) =>
    stopCode === "InfrastructureHealth" || (stoppedReason && INFRASTRUCTURE.test(stoppedReason))
      ? { class: "infrastructure", reason: firstLine(stoppedReason ?? "infrastructure health") }
      : undefined,
  ({ stopCode, stoppedReason, containers }) => {
    if (stopCode !== "EssentialContainerExited" && !stoppedReason?.startsWith("Essential container in task exited"))
      return undefined;
    const crashed = containers.find((c) => c.exitCode !== undefined && c.exitCode !== 0);
    return crashed
      ? { class: "crash", reason: `container ${crashed.name ?? "?"} exited with code ${crashed.exitCode}` }
      : { class: "unknown", reason: "essential container exited without a non-zero exit code" };
  },
  ({ stopCode, stoppedReason }) =>
    // The reason text is a fallback for events without a stopCode, as for Spot and scale-in.
    stopCode === "UserInitiated" ||
    stoppedReason?.startsWith("Task stopped by user") ||
    stoppedReason?.includes("forced by user")
      ? { class: "user-stopped", reason: firstLine(stoppedReason ?? "stopped by a user") }
      : undefined,
  ({ stopCode, stoppedReason }) =>
    stopCode === "ServiceSchedulerInitiated" || stoppedReason?.startsWith("Scaling activity initiated by")
      ? { class: "expected", reason: firstLine(stoppedReason ?? "stopped by the service scheduler") }
      : undefined,
];

export function classifyStop(input: StopInput): StopClassification {
  const normalized = { ...input, containers: input.containers ?? [] };
  for (const rule of rules) {
    const match = rule(normalized);
    if (match) return match;
  }
  return { class: "unknown", reason: firstLine(input.stoppedReason ?? `stopCode ${input.stopCode ?? "absent"}`) };
}

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? text;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
