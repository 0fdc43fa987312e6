import { stops, taskStateChange } from "@ecs-guardrails/sim/events/builders";
import { parseReplayInput } from "@ecs-guardrails/cli/replay/input";
import type { HookAnswerLine } from "@ecs-guardrails/cli/replay/lines";
import { describe, expect, it } from "vitest";
import { HOOK_REF, invocation, TARGET_DEPLOYMENT } from "../support/deployment-hook.ts";
import { replayed } from "../support/replay.ts";

// `guardrails replay` with lifecycle-hook invocations in the scenario: each is answered by the
// real hook against the history the replayed events built, at its time.

function scenario(mode: "enforce" | "observe") {
  const hook = (time: string, stage: Parameters<typeof invocation>[0], executionId: string) => ({
    time,
    hookInvocation: invocation(stage, { executionId }),
  });
  const crash = (n: number) =>
    taskStateChange({
      ...HOOK_REF,
      taskId: `t${n}`,
      deploymentId: TARGET_DEPLOYMENT,
      taskDefinition: "my-service:8",
      version: 3,
      lastStatus: "STOPPED",
      time: `2026-11-20T10:0${n + 1}:00Z`,
      stop: stops.crash(),
    });
  return parseReplayInput(
    JSON.stringify({
      config: { policies: { "auto-rollback": { mode } } },
      services: [
        {
          cluster: "my-cluster",
          name: "my-service",
          taskDefinition: "my-service:8",
          desiredCount: 4,
          deploymentConfiguration: { strategy: "BLUE_GREEN" },
          deployments: [
            {
              id: TARGET_DEPLOYMENT,
              taskDefinition: "my-service:8",
              status: "PRIMARY",
              rolloutState: "IN_PROGRESS",
              createdAt: "2026-11-20T10:00:00Z",
            },
          ],
        },
      ],
      events: [
        hook("2026-11-20T10:01:00Z", "POST_SCALE_UP", "scale-up"),
        crash(1),
        crash(2),
        crash(3),
        hook("2026-11-20T10:05:00Z", "POST_SCALE_UP", "scale-up"),
        hook("2026-11-20T10:06:00Z", "POST_TEST_TRAFFIC_SHIFT", "test-shift"),
      ],
    }),
  );
}

const answers = (lines: { type: string }[]) =>
  lines
    .filter((l): l is HookAnswerLine => l.type === "hook-answer")
    .map((l) => [l.at, l.stage, l.hookStatus, l.verdict]);

describe("replaying a scenario with hook invocations", () => {
  it("prints the hook's answer to each invocation: watching, then FAILED once the failures reach the threshold", async () => {
    const out = await replayed(scenario("enforce"));

    expect(answers(out.lines)).toEqual([
      ["2026-11-20T10:01:00.000Z", "POST_SCALE_UP", "IN_PROGRESS", "IN_PROGRESS"],
      ["2026-11-20T10:05:00.000Z", "POST_SCALE_UP", "FAILED", "FAILED"],
      ["2026-11-20T10:06:00.000Z", "POST_TEST_TRAFFIC_SHIFT", "FAILED", "FAILED"],
    ]);
    expect(out.lines.find((l) => l.type === "hook-answer" && l.hookStatus === "FAILED")).toMatchObject({
      cluster: "my-cluster",
      service: "my-service",
      reason: "3 task failures of the target revision (3 crash) reached the threshold of 3",
    });
    expect(out.notifications).toContain(
      "critical Roll back my-cluster/my-service through its deployment lifecycle hook",
    );
    expect(out.lines.find((l) => l.type === "rejected")).toBeUndefined();
  });

  it("prints SUCCEEDED with the would-be answer in observe mode", async () => {
    const out = await replayed(scenario("observe"));

    expect(answers(out.lines).map((a) => a.slice(2))).toEqual([
      ["SUCCEEDED", "IN_PROGRESS"],
      ["SUCCEEDED", "FAILED"],
      ["SUCCEEDED", "FAILED"],
    ]);
  });
});
