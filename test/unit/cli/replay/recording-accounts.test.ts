import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readRecording, replayStream } from "@ecs-guardrails/cli/replay/recording";

// `guardrails from-logs` of two accounts' recordings (each account's rule writes its own log
// group): the stream keeps every envelope's account and Region, so replay routes it there.

const FIXTURES = new URL("../../../fixtures/replay-accounts/", import.meta.url).pathname;
const events = (
  JSON.parse(readFileSync(`${FIXTURES}two-accounts-crash-loop-scenario.json`, "utf8")) as {
    events: Record<string, unknown>[];
  }
).events;
const logOf = (account: string) =>
  JSON.stringify({
    events: events
      .filter((e) => e["account"] === account)
      .map((e, i) => ({
        logStreamName: "events",
        timestamp: Date.parse(String(e["time"])),
        message: JSON.stringify(e),
        eventId: `${i}`,
      })),
  });

describe("a stream from two accounts' recordings", () => {
  it("keeps each envelope's account and Region", () => {
    const { envelopes } = replayStream([
      readRecording(logOf("123456789012"), "home.json"),
      readRecording(logOf("444455556666"), "payments.json"),
    ]);

    // Each event id once (the crash loop's duplicate delivery dropped), each with its place.
    const once = events.filter((e, i) => events.findIndex((o) => o["id"] === e["id"]) === i);
    expect(envelopes.map((e) => `${e["account"]}/${e["region"]}`)).toEqual(
      once.map((e) => `${e["account"]}/${e["region"]}`),
    );
    expect(envelopes).toEqual(once);
  });
});
