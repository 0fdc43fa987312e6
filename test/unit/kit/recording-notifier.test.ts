import { describe, it, expect } from "vitest";
import { RecordingNotifier } from "../../kit/recording-notifier.ts";
import type { Notice } from "@ecs-guardrails/core/notifications/notice";

const notice = (eventType: string, severity: Notice["severity"] = "info"): Notice => ({
  severity,
  policy: "right-sizing",
  cluster: "prod",
  service: "api",
  title: "Right-sizing suggestion",
  description: "",
  nextSteps: [],
  threadId: "prod/api/right-sizing",
  eventType,
  dedupeKey: eventType,
  keywords: [],
  relatedResources: [],
  context: {},
});

describe("RecordingNotifier", () => {
  it("keeps every published notice in order, whatever its severity", async () => {
    const notifier = new RecordingNotifier();
    await notifier.publish(notice("right-sizing.suggestion"));
    await notifier.publish(notice("right-sizing.applied", "critical"));
    expect(notifier.published.map((n) => n.eventType)).toEqual(["right-sizing.suggestion", "right-sizing.applied"]);
  });

  it("finds the notices of one kind and forgets them all on clear", async () => {
    const notifier = new RecordingNotifier();
    await notifier.publish(notice("a"));
    await notifier.publish(notice("b"));
    await notifier.publish(notice("a"));
    expect(notifier.ofType("a")).toHaveLength(2);
    notifier.clear();
    expect(notifier.published).toEqual([]);
  });
});
