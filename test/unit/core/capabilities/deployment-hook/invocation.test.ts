import { describe, expect, it } from "vitest";
import { parseInvocation } from "../../../../../packages/core/src/capabilities/deployment-hook/invocation.ts";
import { readState } from "../../../../../packages/core/src/capabilities/deployment-hook/state.ts";
import { invocation, SERVICE_DEPLOYMENT, TARGET_REVISION } from "../../../../support/deployment-hook.ts";

describe("an ECS lifecycle-hook invocation", () => {
  it("names the service, the stage, the service deployment and the target revision from the documented payload", () => {
    const p = parseInvocation(invocation("POST_TEST_TRAFFIC_SHIFT"));

    expect(p.ok && p.invocation).toMatchObject({
      ref: { cluster: "my-cluster", service: "my-service" },
      stage: "POST_TEST_TRAFFIC_SHIFT",
      resourceArn: SERVICE_DEPLOYMENT,
      targetRevisionArn: TARGET_REVISION,
      hookDetails: { S3_BUCKET_NAME: "my-approval-bucket" },
    });
  });

  it("derives no ecs-svc deployment from the revision's id: until ECS resolves it, the service deployment stands in", () => {
    const p = parseInvocation(invocation("POST_TEST_TRAFFIC_SHIFT"));

    expect(p.ok && p.invocation.deploymentId).toBe(SERVICE_DEPLOYMENT);
    expect(p.ok && p.invocation.deploymentId).not.toBe(`ecs-svc/${TARGET_REVISION.split("/").at(-1)}`);
  });

  it.each([
    [null, "(event)"],
    ["text", "(event)"],
    [{ ...invocation("POST_SCALE_UP"), lifecycleStage: "BAKE_TIME" }, "lifecycleStage"],
    [{ ...invocation("POST_SCALE_UP"), executionDetails: {} }, "executionDetails.serviceArn is required"],
    [{ ...invocation("POST_SCALE_UP"), resourceArn: "arn:aws:ecs:us-west-2:1:service/c/s" }, "resourceArn"],
  ])("is refused with a line naming the field when malformed (%#)", (raw, field) => {
    const p = parseInvocation(raw);

    expect(p.ok).toBe(false);
    expect(!p.ok && p.problem).toContain(field);
  });

  it("keeps the service of a malformed invocation when its service ARN can still be read", () => {
    const p = parseInvocation({ ...invocation("POST_SCALE_UP"), lifecycleStage: "SOMETHING_NEW" });

    expect(!p.ok && p.ref).toEqual({ cluster: "my-cluster", service: "my-service" });
  });
});

describe("the hook's state in hookDetails", () => {
  const now = new Date("2026-11-20T10:05:00Z");

  it("starts afresh for another execution, and when garbled", () => {
    const kept = { executionId: "e1", since: "2026-11-20T10:00:00.000Z", faults: 2, answers: 3 };

    expect(readState({ guardrails: kept }, "e1", now)).toEqual(kept);
    expect(readState({ guardrails: kept }, "e2", now)).toEqual({
      executionId: "e2",
      since: now.toISOString(),
      faults: 0,
      answers: 0,
    });
    expect(readState({ guardrails: { executionId: "e1", since: "later", faults: -1 } }, "e1", now)).toEqual({
      executionId: "e1",
      since: now.toISOString(),
      faults: 0,
      answers: 0,
    });
  });

  it("does not trust a start in the future", () => {
    expect(
      readState(
        { guardrails: { executionId: "e1", since: "2026-11-21T00:00:00.000Z", faults: 0, answers: 0 } },
        "e1",
        now,
      ).since,
    ).toBe(now.toISOString());
  });
});
