import { describe, expect, it } from "vitest";
import { changedSinceLast, fingerprint } from "@ecs-guardrails/core/capabilities/right-sizing/changes";
import { recommend } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import { fargateUsage, minutes, settings } from "../../../../support/right-sizing.ts";

describe("changedSinceLast", () => {
  const first = recommend(fargateUsage(), settings());

  it("announces the first recommendation of a service", () => {
    expect(changedSinceLast(undefined, first)).toEqual({ changed: true, what: ["first recommendation"] });
  });

  it("does not re-announce a recommendation whose advice is the same, though its evidence moved", () => {
    // A day later: memory peaked at 26 % instead of 25 % — 1224.7 MiB, still 2 GB.
    const later = recommend(fargateUsage({ memoryUtilization: minutes([2880, 26]) }), settings());
    expect(later.evidence.memory?.max).not.toBe(first.evidence.memory?.max);
    expect(changedSinceLast(first, later)).toEqual({ changed: false, what: [] });
    expect(fingerprint(later)).toBe(fingerprint(first));
  });

  it("names what changed: the size", () => {
    const bigger = recommend(fargateUsage({ memoryUtilization: minutes([1440, 60]) }), settings());
    expect(changedSinceLast(first, bigger)).toEqual({ changed: true, what: ["recommended size"] });
    expect(fingerprint(bigger)).not.toBe(fingerprint(first));
  });

  it("names what changed: OOM kills appeared, a new revision, a status", () => {
    expect(changedSinceLast(first, recommend(fargateUsage({ oomKills: 1 }), settings())).what).toEqual([
      "recommended size",
      "OOM kills appeared",
    ]);
    expect(changedSinceLast(first, recommend(fargateUsage({ revision: "web:8" }), settings())).what).toEqual([
      "revision web:7 → web:8",
    ]);
    const short = recommend(fargateUsage({ cpuUtilization: minutes([60, 20]) }), settings());
    expect(changedSinceLast(first, short).what).toEqual(["status recommend → insufficient-data", "recommended size"]);
  });
});
