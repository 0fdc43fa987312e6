import { describe, expect, it } from "vitest";
import { parseUserParameters } from "../../../../packages/core/src/pipeline/params.ts";

describe("UserParameters", () => {
  it("accepts a gate's and a verify's parameters", () => {
    expect(parseUserParameters('{"mode":"gate","cluster":"prod","service":"web"}')).toEqual({ ok: true, params: { mode: "gate", cluster: "prod", service: "web" } });
    expect(parseUserParameters('{"mode":"verify","cluster":"prod","service":"web","timeoutMinutes":30,"bakeMinutes":5,"executionId":"e-1"}')).toMatchObject({ ok: true, params: { timeoutMinutes: 30, bakeMinutes: 5, executionId: "e-1" } });
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
