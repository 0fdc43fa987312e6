import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import { observeSection, pageEvidence } from "@ecs-guardrails/console/observe-section";

// The service page's observe section, rendered: counts, lines, the verdict and the caveat.

const ref = { cluster: "prod", service: "web" };
const NOW = new Date("2026-11-21T10:00:00Z");
const scale = (time: string, key: string, desiredCount: number): TimelineEntry => ({
  ...ref,
  type: "decision",
  time,
  eventId: key,
  summary: 'scheduled-scaling observed: Scale prod/web for window "night"',
  data: {
    policy: "scheduled-scaling",
    mode: "observe",
    verdict: "observed",
    action: { type: "scale", desiredCount },
    facts: { window: "night", occurrence: "night@2026-11-20" },
  },
});
const night = [
  scale("2026-11-20T19:00:00.000Z", "scheduled-scaling#start#night@2026-11-20#observe@observe", 1),
  scale("2026-11-21T06:00:00.000Z", "scheduled-scaling#end#night@2026-11-20@observe", 4),
];

describe("the observe section", () => {
  it("says what the night window would have saved, in $ from the task's size, and where observe cannot know", () => {
    const html = observeSection(pageEvidence(ref, night, [], NOW, { cpu: 1024, memory: 2048 })).html;

    expect(html).toContain("2 action(s) observe would have taken: <strong>1 agreed</strong>");
    expect(html).toContain(
      "window &quot;night&quot; held for 11.0 hours: it would have saved 33.0 task-hours (about $1.63)",
    );
    expect(html).toContain(
      '<span class="caveat">observe cannot know: a person&#39;s change to a capacity it never set</span>',
    );
  });

  it("says so when nothing was observed", () => {
    expect(observeSection(pageEvidence(ref, [], [], NOW)).html).toContain(
      "No policy in observe mode would have acted in the last 14 days.",
    );
  });
});
