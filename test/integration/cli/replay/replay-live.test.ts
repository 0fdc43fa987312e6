import { describe, expect, it } from "vitest";
import { fixture, fixtureNames, live, replayed } from "../../../support/replay.ts";

// Replay answers as live would: for every scenario fixture, the decisions (and chat messages)
// of `guardrails replay` are those of the same stream put through `npm start`'s intake, where
// the reconcile runs every 5 minutes of simulated time and events go one at a time.

describe("replay against live", () => {
  it.each(fixtureNames())(
    "decides as the live runtime does for %s",
    async (name) => {
      const input = fixture(name);

      const [inLive, inReplay] = [await live(input), await replayed(input)];

      expect(inReplay.actions).toEqual(inLive.actions);
      expect(inReplay.notifications).toEqual(inLive.notifications);
      // A fixture that decides nothing would prove nothing.
      expect(inLive.notifications.length).toBeGreaterThan(0);
    },
    120_000,
  );
});
