import { readReplayInput, type ReplayInput } from "@ecs-guardrails/cli/replay/input";
import type { ActionLine } from "@ecs-guardrails/cli/replay/lines";
import { describe, expect, it } from "vitest";
import { fixture, fixtureNames, replayed } from "../support/replay.ts";

// Observe must predict enforce (docs/observe-to-enforce.md): every scenario fixture replayed as
// written and again with every `enforce` turned to `observe` gives the same decisions (policy,
// action, service, time), except where the observe line itself says why it may differ (its
// `caveat`): enforce's guard would block it (compared with enforce's blocked decision), or observe
// cannot know what enforce would have seen (a person's change, which no fixture has).

const NIGHT = new URL("../fixtures/scheduled-scaling/night-scenario.json", import.meta.url).pathname;
const scenarios: [string, () => ReplayInput][] = [
  ...fixtureNames().map((n): [string, () => ReplayInput] => [n, () => fixture(n)]),
  ["night-scenario.json", () => readReplayInput(NIGHT)],
];

/** The configuration with every `enforce` turned to `observe`. */
function observing(value: unknown): unknown {
  if (value === "enforce") return "observe";
  if (Array.isArray(value)) return value.map(observing);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, observing(v)]));
  return value;
}

type Line = Omit<ActionLine, "type">;
/** What enforce decided (acted or blocked), as a comparable line. */
const said = (a: Line) => `${a.at} ${a.cluster}/${a.service} ${a.policy} ${a.action} ${verdictOf(a)}`;
// An observed decision is enforce's acted one; observe's blocked one (its caveat says why) is enforce's blocked one.
const verdictOf = (a: Line) => (a.verdict === "observed" ? "acted" : a.verdict);

/** The only caveats an observed line carries: where enforce's guard would block, where observe cannot know. */
const DOCUMENTED = /^(enforce would be blocked here: rate limit: |observe cannot know: )/;

describe("observe predicts enforce", () => {
  it.each(scenarios)(
    "decides the same at the same times with every enforce turned to observe, but where a line says why not (%s)",
    async (_name, load) => {
      const input = load();
      const enforced = await replayed(input);
      const observed = await replayed({ ...input, config: observing(input.config) });

      const lines = observed.actions.filter((a) => a.mode === "observe");
      expect(lines.map(said)).toEqual(enforced.actions.filter((a) => a.mode === "enforce").map(said));
      for (const a of lines) if (a.caveat) expect(a.caveat).toMatch(DOCUMENTED);
    },
    120_000,
  );

  it("counts an observed Spot fallback against the rate limit: the relapse enforce's limit blocks is labelled, and no return follows it", async () => {
    const input = fixture("spot-rate-limited-scenario.json");

    const observed = await replayed({ ...input, config: observing(input.config) });

    const lines = observed.actions.map((a) => [a.at, a.action, a.caveat]);
    expect(lines).toEqual([
      ["2026-11-20T10:01:00.000Z", "capacity-fallback", undefined],
      [expect.any(String), "capacity-restore", expect.stringContaining("observe cannot know")],
      [
        "2026-11-20T10:50:00.000Z",
        "capacity-fallback",
        expect.stringMatching(/^enforce would be blocked here: rate limit: 2 automatic actions/),
      ],
    ]);
  });
});
