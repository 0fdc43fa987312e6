import { describe, expect, it } from "vitest";
import { recommend } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import { boundSentence, savingLine } from "@ecs-guardrails/core/capabilities/right-sizing/texts";
import { fargateUsage, minutes, settings } from "../../../../support/right-sizing.ts";

describe("what bound a recommended size, as a sentence", () => {
  it("names the percentile each dimension was sized from", () => {
    const r = recommend(fargateUsage(), settings());
    expect(boundSentence(r)).toBe("cpu sized from its p95 need; memory sized from its max need");
  });

  it("says when one dimension forces the other up", () => {
    const r = recommend(fargateUsage({ memoryUtilization: minutes([1440, 95]) }), settings());
    expect(boundSentence(r)).toBe("cpu raised because memory forces 1 vCPU; memory sized from its max need");
  });
});

describe("a saving line of the digest", () => {
  it("says a larger size costs more instead of printing a negative saving", () => {
    const r = recommend(fargateUsage({ memoryUtilization: minutes([1440, 95]) }), settings());
    expect(savingLine(r)).toBe(
      "prod/web: 1 vCPU / 4 GB → 1 vCPU / 5 GB, costs $6.49/month more (on ARM: saves $11.80/month)",
    );
    expect(savingLine(r)).not.toContain("$-");
  });
});
