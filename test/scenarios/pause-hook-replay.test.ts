import { describe, expect, it } from "vitest";
import type { LocalStack } from "@ecs-guardrails/cli/runtime/stack";
import { fixture, live, replayed, type Outcome } from "../support/replay.ts";

// Three deployments paused at a PAUSE hook (POST_SCALE_UP), recorded and replayed: prod/web's
// clean revision is continued at once (no bake), prod/api is rolled back when its mapped alarm
// goes off during its 5-minute bake, and prod/jobs's 30-minute bake outlasts its hook's
// 10-minute timeout, so it is left to ECS's timeout action. The simulated ECS follows the
// recorded HOOK_AWAITING_ACTION events, so the answers go through its ContinueServiceDeployment.
// The pause-hook policy reads the alarm at the reconcile after it (10:06:10 on the 5-minute grid
// from the first event), not at the alarm's own event.

const PAUSE_HOOKS = "pause-hook-scenario.json";

/** The service deployments the recorded hook events name, as ECS recorded them. */
const pausedDeployments = () =>
  fixture(PAUSE_HOOKS).events.flatMap((e) => {
    const arn = (e as { detail?: { hookId?: string; serviceDeploymentArn?: string } }).detail;
    return arn?.hookId && arn.serviceDeploymentArn ? [arn.serviceDeploymentArn] : [];
  });

/** Each paused deployment's hooks as the simulated ECS holds them at the end: "<service> <status>". */
function hooksIn(stack: LocalStack): string[] {
  const { serviceDeployments = [] } = stack.sim.describeServiceDeployments({
    serviceDeploymentArns: pausedDeployments(),
  }) as { serviceDeployments?: { serviceArn: string; lifecycleHookDetails?: { status: string }[] }[] };
  return serviceDeployments.map(
    (sd) => `${sd.serviceArn.split("/").at(-1)} ${(sd.lifecycleHookDetails ?? []).map((h) => h.status).join(",")}`,
  );
}

/** "<service> <answer> <verdict> <time>" for each answer. */
const answers = (out: Outcome) =>
  out.actions.map((a) => `${a.service} ${(a as { answer?: string }).answer} ${a.verdict} ${a.at}`);

describe("pause hooks replayed", () => {
  it("answers CONTINUE once, ROLLBACK once, and leaves the third hook to its timeout, saying so", async () => {
    let hooks: string[] = [];
    const out = await replayed(fixture(PAUSE_HOOKS), {
      beforeStop: async ({ stack }) => void (hooks = hooksIn(stack)),
    });

    expect(answers(out)).toEqual([
      "web CONTINUE acted 2026-11-20T10:02:01.000Z",
      "api ROLLBACK acted 2026-11-20T10:06:10.000Z",
    ]);
    // Answered through the simulated ECS, under the recorded ids; jobs's was never answered.
    expect(hooks).toEqual(["web SUCCEEDED", "api FAILED", "jobs AWAITING_ACTION"]);
    expect(out.notifications.filter((n) => n.includes("prod/jobs"))).toEqual([
      "info prod/jobs paused at POST_SCALE_UP: the guardrails judge it",
      "warning prod/jobs: the pause at POST_SCALE_UP is left to ECS's timeout action",
    ]);
    expect(out.lines.find((l) => l.type === "rejected")).toBeUndefined();
  });

  it("decides live as in replay: the same answers at the same times", async () => {
    const input = fixture(PAUSE_HOOKS);

    const [inLive, inReplay] = [await live(input), await replayed(input)];

    expect(inReplay.actions).toEqual(inLive.actions);
    expect(inReplay.notifications).toEqual(inLive.notifications);
    expect(answers(inLive)).toHaveLength(2);
  }, 120_000);

  it("answers each hook once when its event is delivered twice and sent again late", async () => {
    const input = fixture(PAUSE_HOOKS);
    const hookEvents = input.events.filter(
      (e) => (e as { "detail-type": string })["detail-type"] === "ECS Hook State Change",
    );
    // Each hook event redelivered as is (same id) and, after the answers, sent again (a new id).
    const again = hookEvents.map((e) => ({
      ...(e as object),
      id: `${(e as { id: string }).id}-again`,
      time: "2026-11-20T10:20:00Z",
    }));
    const events = [...input.events.flatMap((e) => (hookEvents.includes(e) ? [e, e] : [e])), ...again];

    const out = await replayed({ ...input, events });

    expect(answers(out)).toEqual([
      "web CONTINUE acted 2026-11-20T10:02:01.000Z",
      "api ROLLBACK acted 2026-11-20T10:06:10.000Z",
    ]);
    expect(out.notifications.filter((n) => n.includes("timeout action"))).toHaveLength(1);
  });

  it("refuses, in one line, a scenario service whose pause hook ECS would refuse", async () => {
    const input = fixture(PAUSE_HOOKS);
    const jobs = input.services.find((s) => s.name === "jobs")!;
    const broken = {
      ...jobs,
      deploymentConfiguration: {
        lifecycleHooks: [
          { targetType: "PAUSE", lifecycleStages: ["POST_SCALE_UP"], timeoutConfiguration: { timeoutInMinutes: 0 } },
        ],
      },
    };

    await expect(
      replayed({ ...input, services: input.services.map((s) => (s === jobs ? broken : s)) }),
    ).rejects.toThrow(
      "scenario services[2] (prod/jobs): timeoutConfiguration.timeoutInMinutes must be between 1 and 20160.",
    );
  });
});
