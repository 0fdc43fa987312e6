import { describe, expect, it } from "vitest";
import { knownServices } from "@ecs-guardrails/cli/known-services";

describe("the known services named in an unknown service's error", () => {
  it("lists every known service, sorted, when there are few", () => {
    expect(knownServices(["prod/web", "batch/etl"])).toBe("known services: batch/etl, prod/web");
  });

  it("lists the first 10 and counts the rest", () => {
    const names = Array.from({ length: 13 }, (_, i) => `c/s${String(i).padStart(2, "0")}`);
    expect(knownServices(names)).toBe(
      "known services: c/s00, c/s01, c/s02, c/s03, c/s04, c/s05, c/s06, c/s07, c/s08, c/s09 and 3 more",
    );
  });

  it("says when no service is known at all", () => {
    expect(knownServices([])).toBe("no service is known yet");
  });
});
