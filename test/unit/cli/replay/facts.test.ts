import { factOf, parsed, serviceOfEvent } from "@ecs-guardrails/cli/replay/facts";
import { hookStateChange } from "@ecs-guardrails/sim/events/hook-state-change";
import { describe, expect, it } from "vitest";

// A recorded pause-hook event, as replay reads it: a fact the simulated ECS follows (the hook
// under ECS's ids), and an event of its service, replayed on that service's clock.

const SD = "arn:aws:ecs:us-east-1:111122223333:service-deployment/prod/web/Kq2Jv8pXbN4wRt6yLm0Zc1";
const raw = hookStateChange({
  cluster: "prod",
  service: "web",
  serviceDeploymentArn: SD,
  serviceRevisionArn: "arn:aws:ecs:us-east-1:111122223333:service-revision/prod/web/1",
  hookId: "ecs-pause-1",
  lifecycleStage: "POST_SCALE_UP",
  status: "AWAITING_ACTION",
  expiresAt: "2026-11-20T11:02:00Z",
  timeoutAction: "ROLLBACK",
  time: "2026-11-20T10:02:00Z",
});

describe("a recorded pause-hook event in a replay", () => {
  it("is a fact naming the hook, its service deployment, stage, status and expiry", () => {
    expect(factOf(parsed(raw)!, raw, new Map())).toEqual({
      kind: "hook",
      cluster: "prod",
      service: "web",
      serviceDeploymentArn: SD,
      hookId: "ecs-pause-1",
      stage: "POST_SCALE_UP",
      status: "AWAITING_ACTION",
      expiresAt: Date.parse("2026-11-20T11:02:00Z"),
      timeoutAction: "ROLLBACK",
      time: Date.parse("2026-11-20T10:02:00Z"),
    });
  });

  it("belongs to its service, so it is replayed on that service's clock", () => {
    expect(serviceOfEvent(parsed(raw))).toBe("prod/web");
  });
});
