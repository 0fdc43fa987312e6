import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";

// guardrails.example.json, the configuration to start from: it validates as it is, and it takes
// the observe-first path — nothing enforces anywhere — with the path written into it.

const raw = JSON.parse(readFileSync(new URL("../../../../guardrails.example.json", import.meta.url), "utf8"));

describe("the example configuration", () => {
  it("validates as it is, with every check deploy time runs", () => {
    expect(() => parseConfig(raw, "guardrails.example.json")).not.toThrow();
  });

  it("enforces nothing anywhere: every policy, every override and the deploy-stage gate observe", () => {
    const config = parseConfig(raw, "guardrails.example.json");
    const modes = [
      ...Object.values(config.policies).map((p) => p.mode),
      ...config.overrides.flatMap((o) => Object.values(o.policies).map((p) => (p as { mode?: string }).mode)),
      config.pipeline.gate.mode,
    ];

    expect(modes.length).toBeGreaterThan(Object.keys(config.policies).length);
    expect(new Set(modes.filter(Boolean))).toEqual(new Set(["observe"]));
    expect(config.killSwitch).toBe(false);
  });

  it("states each step of the observe-first path in its $comment, with the command or key it takes", () => {
    const comment = (raw.$comment as string[]).join("\n");

    for (const step of ["1. Observe", "2. Read", "3. Enforce one service", "4. Widen"]) expect(comment).toContain(step);
    for (const words of [
      "guardrails config validate",
      "sst deploy",
      "guardrails history",
      "guardrails redrive",
      '"enforce"',
      "killSwitch",
    ])
      expect(comment).toContain(words);
  });
});
