import { describe, it, expect } from "vitest";
import { classifyStop, isFailure } from "@ecs-guardrails/core/events/stop-class";
import type { StopClass, StopInput } from "@ecs-guardrails/core/events/stop-class";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import type { TaskEvent } from "@ecs-guardrails/core/events/model";
import { loadFixture } from "../../../support/fixtures.ts";

// The documented stop strings (docs/design/aws-facts.md#ecs-events: "stoppedReason / container
// reason strings" and "stopCode values"), one row each.

const OOM = "OutOfMemoryError: Container killed due to memory usage";
const TG = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/0123456789abcdef";
const EXITED = "Essential container in task exited";

type Row = [title: string, input: StopInput, expected: StopClass];

const rows: Row[] = [
  // Crashes
  [
    "EssentialContainerExited with exit code 1",
    { stopCode: "EssentialContainerExited", stoppedReason: EXITED, containers: [{ name: "app", exitCode: 1 }] },
    "crash",
  ],
  [
    "the 'Essential container in task exited' reason without a stopCode",
    { stoppedReason: EXITED, containers: [{ name: "app", exitCode: 2 }] },
    "crash",
  ],
  [
    "an essential exit with 137 and no OOM reason (a SIGKILL, not out-of-memory)",
    { stopCode: "EssentialContainerExited", stoppedReason: EXITED, containers: [{ name: "app", exitCode: 137 }] },
    "crash",
  ],
  [
    "a crashing container next to a sidecar that exited cleanly",
    {
      stopCode: "EssentialContainerExited",
      stoppedReason: EXITED,
      containers: [
        { name: "log", exitCode: 0 },
        { name: "app", exitCode: 1 },
      ],
    },
    "crash",
  ],
  // Out of memory
  [
    "the OOM container reason with exit code 137",
    {
      stopCode: "EssentialContainerExited",
      stoppedReason: EXITED,
      containers: [{ name: "app", exitCode: 137, reason: OOM }],
    },
    "out-of-memory",
  ],
  [
    "the OOM container reason with exit code 0 (aws/amazon-ecs-agent#2467)",
    {
      stopCode: "EssentialContainerExited",
      stoppedReason: EXITED,
      containers: [{ name: "app", exitCode: 0, reason: OOM }],
    },
    "out-of-memory",
  ],
  [
    "the OOM reason on a sidecar while the scheduler stops the task",
    {
      stopCode: "ServiceSchedulerInitiated",
      stoppedReason: "Scaling activity initiated by (deployment ecs-svc/1)",
      containers: [
        { name: "app", exitCode: 137 },
        { name: "envoy", exitCode: 137, reason: OOM },
      ],
    },
    "out-of-memory",
  ],
  // 137 / 143 when ECS asked the task to stop
  [
    "scale-in whose container was SIGKILLed (137) after stopTimeout",
    {
      stopCode: "ServiceSchedulerInitiated",
      stoppedReason: "Scaling activity initiated by (deployment ecs-svc/8646900195280463695)",
      containers: [{ name: "app", exitCode: 137 }],
    },
    "expected",
  ],
  [
    "scale-in whose container handled SIGTERM (143)",
    {
      stopCode: "ServiceSchedulerInitiated",
      stoppedReason: "Scaling activity initiated by (deployment ecs-svc/8646900195280463695)",
      containers: [{ name: "app", exitCode: 143 }],
    },
    "expected",
  ],
  [
    "a user stop whose container handled SIGTERM (143)",
    { stopCode: "UserInitiated", stoppedReason: "Task stopped by user", containers: [{ name: "app", exitCode: 143 }] },
    "user-stopped",
  ],
  // Health checks: same stopCode as scale-in, only the reason tells
  [
    "an ELB health-check kill (target-group form)",
    {
      stopCode: "ServiceSchedulerInitiated",
      stoppedReason: `Task failed ELB health checks in (target-group ${TG})`,
      containers: [{ name: "app", exitCode: 143 }],
    },
    "health-check",
  ],
  [
    "an ELB health-check kill (older elb form)",
    { stopCode: "ServiceSchedulerInitiated", stoppedReason: "Task failed ELB health checks in (elb my-classic-elb)" },
    "health-check",
  ],
  [
    "an ELB health-check kill whose container was SIGKILLed",
    {
      stopCode: "ServiceSchedulerInitiated",
      stoppedReason: `Task failed ELB health checks in (target-group ${TG})`,
      containers: [{ name: "app", exitCode: 137 }],
    },
    "health-check",
  ],
  [
    "a container health-check kill",
    { stopCode: "ServiceSchedulerInitiated", stoppedReason: "Task failed container health checks" },
    "health-check",
  ],
  [
    "a container health-check kill reported as an essential exit",
    {
      stopCode: "EssentialContainerExited",
      stoppedReason: "Task failed container health checks",
      containers: [{ name: "app", exitCode: 1 }],
    },
    "health-check",
  ],
  [
    "a scale-in reason without a stopCode",
    { stoppedReason: "Scaling activity initiated by (deployment ecs-svc/1)" },
    "expected",
  ],
  ["ServiceSchedulerInitiated with no reason", { stopCode: "ServiceSchedulerInitiated" }, "expected"],
  // Spot
  [
    "stopCode SpotInterruption",
    { stopCode: "SpotInterruption", stoppedReason: "Your Spot Task was interrupted." },
    "spot-interruption",
  ],
  [
    "stopCode TerminationNotice (older docs)",
    { stopCode: "TerminationNotice", stoppedReason: "Your Spot Task was interrupted." },
    "spot-interruption",
  ],
  ["the Spot reason without a stopCode", { stoppedReason: "Your Spot Task was interrupted." }, "spot-interruption"],
  [
    "a Spot stop whose container was SIGKILLed",
    {
      stopCode: "SpotInterruption",
      stoppedReason: "Your Spot Task was interrupted.",
      containers: [{ name: "app", exitCode: 137 }],
    },
    "spot-interruption",
  ],
  // Users
  [
    "UserInitiated with the default reason",
    { stopCode: "UserInitiated", stoppedReason: "Task stopped by user" },
    "user-stopped",
  ],
  [
    "UserInitiated with a reason the user typed",
    { stopCode: "UserInitiated", stoppedReason: "rolling restart by ops" },
    "user-stopped",
  ],
  ["the default user reason without a stopCode", { stoppedReason: "Task stopped by user" }, "user-stopped"],
  [
    "a forced container instance deregistration",
    { stopCode: "ServiceSchedulerInitiated", stoppedReason: "Container instance deregistration forced by user" },
    "user-stopped",
  ],
  // Infrastructure
  [
    "a stopped EC2 host",
    { stopCode: "ServiceSchedulerInitiated", stoppedReason: "Host EC2 (instance i-0123456789abcdef0) stopped." },
    "infrastructure",
  ],
  ["a terminated EC2 host", { stoppedReason: "Host EC2 (instance i-0123456789abcdef0) terminated." }, "infrastructure"],
  [
    "stopCode InfrastructureHealth",
    { stopCode: "InfrastructureHealth", stoppedReason: "Task stopped due to infrastructure health" },
    "infrastructure",
  ],
  ["stopCode InfrastructureHealth with no reason", { stopCode: "InfrastructureHealth" }, "infrastructure"],
  [
    "the maintenance text",
    {
      stopCode: "ServiceSchedulerInitiated",
      stoppedReason: "ECS is performing maintenance on the underlying infrastructure hosting the task",
    },
    "infrastructure",
  ],
  // Unknown
  ["nothing at all", {}, "unknown"],
  [
    "a stopCode no one has seen yet",
    { stopCode: "SomeFutureStopCode", stoppedReason: "Something new happened" },
    "unknown",
  ],
  [
    "an essential exit with exit code 0",
    { stopCode: "EssentialContainerExited", stoppedReason: EXITED, containers: [{ name: "app", exitCode: 0 }] },
    "unknown",
  ],
  [
    "an essential exit with no exit code",
    { stopCode: "EssentialContainerExited", stoppedReason: EXITED, containers: [{ name: "app" }] },
    "unknown",
  ],
];

const START_FAILURES = [
  "CannotPullContainerError: pull image manifest has been retried 5 time(s): example/app:missing: not found",
  "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed",
  "ResourceInitializationError: failed to initialize logging driver: failed to create Cloudwatch log group",
  "CannotStartContainerError: Error response from daemon: failed to create shim task",
  "ContainerRuntimeTimeoutError: Could not transition to running; timed out after waiting 3m0s",
  "DockerTimeoutError: Could not transition to created; timed out after waiting 4m0s",
  "CannotCreateVolumeError: volume plugin not found",
  "CannotInspectContainerError: Could not transition to inspecting; timed out after waiting 30s",
];

describe("classifyStop", () => {
  it.each(rows)("classifies %s", (_title, input, expected) => {
    const result = classifyStop(input);

    expect(result.class).toBe(expected);
    expect(result.reason).not.toBe("");
  });

  it.each(
    START_FAILURES.flatMap(
      (reason) =>
        [
          [
            reason.split(":")[0],
            "with stopCode TaskFailedToStart",
            { stopCode: "TaskFailedToStart", stoppedReason: reason },
          ],
          [reason.split(":")[0], "without a stopCode", { stoppedReason: reason }],
          [
            reason.split(":")[0],
            "as a container reason under an essential exit",
            { stopCode: "EssentialContainerExited", stoppedReason: EXITED, containers: [{ name: "app", reason }] },
          ],
        ] as const,
    ),
  )("classifies %s %s as failed-to-start", (_prefix, _how, input) => {
    const result = classifyStop(input);

    expect(result.class).toBe("failed-to-start");
    expect(result.reason).toMatch(/^[A-Za-z]+Error: /);
  });

  it("classifies TaskFailedToStart with an unrecognised reason as failed-to-start", () => {
    const result = classifyStop({
      stopCode: "TaskFailedToStart",
      stoppedReason: "Timeout waiting for network interface provisioning to complete.",
    });

    expect(result).toEqual({
      class: "failed-to-start",
      reason: "Timeout waiting for network interface provisioning to complete.",
    });
  });

  it("treats exit code 137 without the OOM reason as not out-of-memory in any context", () => {
    const contexts: StopInput[] = [
      { stopCode: "EssentialContainerExited", stoppedReason: EXITED },
      { stopCode: "ServiceSchedulerInitiated", stoppedReason: "Scaling activity initiated by (deployment ecs-svc/1)" },
      { stopCode: "UserInitiated", stoppedReason: "Task stopped by user" },
      { stopCode: "SomeFutureStopCode" },
    ];

    const classes = contexts.map((c) => classifyStop({ ...c, containers: [{ name: "app", exitCode: 137 }] }).class);

    expect(classes).not.toContain("out-of-memory");
  });

  it("names the container and exit code when explaining a crash", () => {
    const result = classifyStop({
      stopCode: "EssentialContainerExited",
      stoppedReason: EXITED,
      containers: [{ name: "api", exitCode: 3 }],
    });

    expect(result.reason).toBe("container api exited with code 3");
  });

  it("names the container that ran out of memory", () => {
    const result = classifyStop({
      stopCode: "EssentialContainerExited",
      containers: [{ name: "worker", exitCode: 137, reason: OOM }],
    });

    expect(result.reason).toBe("container worker ran out of memory");
  });

  it("keeps only the first line of a multi-line reason, cut to 300 characters", () => {
    const long = `CannotPullContainerError: ${"x".repeat(400)}\nsecond line`;

    const result = classifyStop({ stopCode: "TaskFailedToStart", stoppedReason: long });

    expect(result.reason).toHaveLength(300);
    expect(result.reason.endsWith("...")).toBe(true);
    expect(result.reason).not.toContain("second line");
  });

  it("counts crash, out-of-memory, health-check and failed-to-start against a revision, nothing else", () => {
    const failing = (
      [
        "crash",
        "out-of-memory",
        "health-check",
        "failed-to-start",
        "spot-interruption",
        "expected",
        "user-stopped",
        "infrastructure",
        "unknown",
      ] as const
    ).filter(isFailure);

    expect(failing).toEqual(["crash", "out-of-memory", "health-check", "failed-to-start"]);
  });
});

describe("stop classification of the captured events", () => {
  it.each([
    ["ecs-task-stopped-elb-health-check-real", "health-check"],
    ["ecs-task-stopped-service-scaling-fargate-real", "expected"],
    ["ecs-task-stopped-service-scaling-ec2-real", "expected"],
    ["ecs-task-stopped-user-initiated-real", "user-stopped"],
    ["ecs-task-spot-interruption-partial", "spot-interruption"],
    ["ecs-task-spot-termination-notice-partial-legacy-doc", "spot-interruption"],
  ] as const)("classifies %s as %s", (name, expected) => {
    const event = parseEvent(loadFixture(name)) as TaskEvent;

    expect(event.kind).toBe("task");
    expect(event.stop?.class).toBe(expected);
  });

  it("gives no stop to a running task that nobody asked to stop", () => {
    const event = parseEvent(loadFixture("ecs-task-running-service-fargate-real")) as TaskEvent;

    expect(event.stop).toBeUndefined();
  });

  it("classifies the Spot two-minute warning while the task is still RUNNING", () => {
    const event = parseEvent(loadFixture("ecs-task-spot-interruption-partial")) as TaskEvent;

    expect(event.lastStatus).toBe("RUNNING");
    expect(event.desiredStatus).toBe("STOPPED");
    expect(event.stop).toMatchObject({ code: "SpotInterruption", class: "spot-interruption" });
  });
});

describe("stop classification of the synthetic events", () => {
  it.each([
    ["ecs-task-stopped-crash", "crash", "EssentialContainerExited"],
    ["ecs-task-stopped-oom", "out-of-memory", "EssentialContainerExited"],
    ["ecs-task-stopped-image-pull", "failed-to-start", "TaskFailedToStart"],
    ["ecs-task-stopped-container-health-check", "health-check", "ServiceSchedulerInitiated"],
  ] as const)("classifies synthetic/%s as %s", (name, expected, stopCode) => {
    const raw = loadFixture(`synthetic/${name}`);

    const event = parseEvent(raw) as TaskEvent;

    expect(raw._synthetic).toBe(
      "derived from ecs-task-stopped-service-scaling-fargate-real.json; only stop fields changed",
    );
    expect(event.stop).toMatchObject({ code: stopCode, class: expected });
    expect(isFailure(event.stop!.class)).toBe(true);
  });

  it("changes nothing but the stop fields of the sample it was derived from", () => {
    const stopFields = (e: ReturnType<typeof loadFixture>) => {
      const { _synthetic, detail, ...envelope } = e;
      const { stopCode, stoppedReason, containers, ...rest } = detail;
      const strippedContainers = containers.map(({ exitCode, reason, ...c }: Record<string, unknown>) => c);
      return { envelope, rest, strippedContainers };
    };
    const original = stopFields(loadFixture("ecs-task-stopped-service-scaling-fargate-real"));

    for (const name of ["crash", "oom", "image-pull", "container-health-check"]) {
      expect(stopFields(loadFixture(`synthetic/ecs-task-stopped-${name}`)), name).toEqual(original);
    }
  });

  it("leaves the exit code out of the image-pull sample because the container never ran", () => {
    const event = parseEvent(loadFixture("synthetic/ecs-task-stopped-image-pull")) as TaskEvent;

    expect(event.stop?.containers).toEqual([
      { name: "FargateContainer", exitCode: undefined, reason: expect.stringMatching(/^CannotPullContainerError: /) },
    ]);
  });
});
