import { describe, expect, it } from "vitest";
import {
  parseUserParameters,
  verifyWindowProblem,
} from "../../../../../packages/core/src/capabilities/deploy-stage/params.ts";

describe("UserParameters", () => {
  it("accepts a gate's and a verify's parameters", () => {
    expect(parseUserParameters('{"mode":"gate","cluster":"prod","service":"web"}')).toEqual({
      ok: true,
      params: { mode: "gate", cluster: "prod", service: "web" },
    });
    expect(
      parseUserParameters(
        '{"mode":"verify","cluster":"prod","service":"web","timeoutMinutes":30,"bakeMinutes":5,"executionId":"e-1"}',
      ),
    ).toMatchObject({ ok: true, params: { timeoutMinutes: 30, bakeMinutes: 5, executionId: "e-1" } });
  });

  it.each([
    ["input_parameter", /UserParameters is not JSON/],
    [undefined, /UserParameters is required/],
    ['{"mode":"gate","service":"web"}', /UserParameters\.cluster is required/],
    ['{"mode":"deploy","cluster":"prod","service":"web"}', /UserParameters\.mode: .*"gate".*"verify"/],
    ['{"mode":"verify","cluster":"prod","service":"web","timeoutMinutes":-1}', /UserParameters\.timeoutMinutes/],
    ['{"mode":"gate","cluster":"","service":"web"}', /UserParameters\.cluster/],
    ['{"mode":"gate","cluster":"prod","service":"web","clustr":"x"}', /clustr/],
  ])("names what is wrong in %s", (raw, message) => {
    const result = parseUserParameters(raw);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.problem).toMatch(message);
  });
});

describe("UserParameters' bake and timeout", () => {
  it("rejects a bake not shorter than the timeout in one line naming both fields and values", () => {
    const result = parseUserParameters(
      '{"mode":"verify","cluster":"prod","service":"web","timeoutMinutes":20,"bakeMinutes":20}',
    );
    expect(result).toEqual({
      ok: false,
      problem:
        "UserParameters.bakeMinutes (20) must be shorter than UserParameters.timeoutMinutes (20): verify would time out before the bake ended",
    });
  });

  it("checks a bake against the default timeout when only the bake is given", () => {
    expect(verifyWindowProblem({ bakeMinutes: 90 }, { timeoutMinutes: 60, bakeMinutes: 10 })).toBe(
      "UserParameters.bakeMinutes (90) must be shorter than pipeline.verify.timeoutMinutes (60): verify would time out before the bake ended",
    );
    expect(verifyWindowProblem({ timeoutMinutes: 5 }, { timeoutMinutes: 60, bakeMinutes: 10 })).toBe(
      "policies.auto-rollback.bakeMinutes (10) must be shorter than UserParameters.timeoutMinutes (5): verify would time out before the bake ended",
    );
    expect(
      verifyWindowProblem({ timeoutMinutes: 30, bakeMinutes: 29 }, { timeoutMinutes: 60, bakeMinutes: 10 }),
    ).toBeUndefined();
  });
});

describe("UserParameters' cluster and service as ARNs", () => {
  it("takes the names from a cluster ARN and a service ARN, and keeps the account and Region they name", () => {
    const result = parseUserParameters(
      '{"mode":"gate","cluster":"arn:aws:ecs:eu-west-1:111122223333:cluster/prod","service":"arn:aws:ecs:eu-west-1:111122223333:service/prod/web"}',
    );
    expect(result).toEqual({
      ok: true,
      params: {
        mode: "gate",
        cluster: "prod",
        service: "web",
        arnPlace: { account: "111122223333", region: "eu-west-1" },
      },
    });
  });

  it("refuses a cluster ARN and a service ARN that name different accounts", () => {
    const result = parseUserParameters(
      '{"mode":"gate","cluster":"arn:aws:ecs:eu-west-1:111122223333:cluster/prod","service":"arn:aws:ecs:eu-west-1:444455556666:service/prod/web"}',
    );
    expect(result).toEqual({
      ok: false,
      problem:
        "UserParameters.service: the ARN names account 444455556666 (eu-west-1), UserParameters.cluster names 111122223333 (eu-west-1)",
    });
  });

  it("keeps no place for names", () => {
    const result = parseUserParameters('{"mode":"gate","cluster":"prod","service":"web"}');
    expect(result.ok && result.params.arnPlace).toBeUndefined();
  });

  it("takes the names from the old service ARN format (no cluster in it)", () => {
    expect(
      parseUserParameters(
        '{"mode":"gate","cluster":"prod","service":"arn:aws:ecs:eu-west-1:111122223333:service/web"}',
      ),
    ).toMatchObject({ ok: true, params: { cluster: "prod", service: "web" } });
  });

  it("rejects a service ARN of another cluster than the cluster named", () => {
    const result = parseUserParameters(
      '{"mode":"gate","cluster":"staging","service":"arn:aws:ecs:eu-west-1:111122223333:service/prod/web"}',
    );
    expect(result).toEqual({
      ok: false,
      problem: "UserParameters.service: the ARN names cluster prod, UserParameters.cluster names staging",
    });
  });

  it("rejects an ARN that is not an ECS cluster or service", () => {
    expect(
      parseUserParameters(
        '{"mode":"gate","cluster":"arn:aws:ecs:eu-west-1:111122223333:task/prod/abc","service":"web"}',
      ),
    ).toEqual({
      ok: false,
      problem:
        "UserParameters.cluster: arn:aws:ecs:eu-west-1:111122223333:task/prod/abc is not an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)",
    });
  });
});
