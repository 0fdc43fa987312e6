import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "../../../packages/core/src/history/model.ts";
import { chatBubble, chatMarkdown } from "../../../packages/console/src/chat.ts";
import { toConsoleDecision } from "../../../packages/console/src/decisions.ts";
import { POLICY_IDS } from "../../../packages/core/src/registry.ts";

// The console's chat previews: each decision's message as chat shows it.

const ref = { cluster: "prod", service: "web" };
const VERDICTS = ["acted", "noted", "observed", "blocked", "failed"] as const;

/** What the message says beyond its facts (cluster, service, revisions, policy) and the service's name. */
function body(entry: TimelineEntry): string {
  const { description } = toConsoleDecision(entry).chat;
  const own = description.split("\n\n").slice(1).join("\n\n");
  return own.replace(`**${ref.cluster}/${ref.service}**:`, "").trim();
}

const kinds = (): { name: string; entry: TimelineEntry }[] =>
  POLICY_IDS.flatMap((policy) =>
    VERDICTS.flatMap((verdict) =>
      ["", "ECS could not place tasks"].flatMap((reason) =>
        [undefined, "the service moved on"].map((guard) => ({
          name: `${policy} ${verdict} reason=${JSON.stringify(reason)} guard=${guard ?? "none"}`,
          entry: {
            ...ref,
            type: "decision" as const,
            time: "2026-11-20T10:00:00Z",
            eventId: `${policy}#${verdict}`,
            summary: `${policy} ${verdict}: Something for prod/web`,
            reason,
            data: { policy, verdict, mode: "enforce", guard, facts: {} },
          },
        })),
      ),
    ),
  );

describe("a chat preview", () => {
  it("never has an empty body, whatever the kind of notice", () => {
    const empty = kinds()
      .filter(({ entry }) => !/[a-z]/i.test(body(entry)))
      .map((k) => k.name);
    expect(empty).toEqual([]);
    // Nor a timeline entry that kept nothing but its summary.
    expect(body({ ...ref, type: "decision", time: "t", eventId: "e", summary: "guardrails noted: Hello" })).toMatch(
      /[a-z]/i,
    );
  });

  it("shows the severity as a word, not an emoji the machine may have no glyph for", () => {
    const html = chatBubble({ title: ":rotating_light: Roll back prod/web", description: "x" }).html;
    expect(html).toContain('<span class="badge sev s-critical" title=":rotating_light:">critical</span> Roll back');
    expect(html).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(chatMarkdown(":warning: :information_source: :tada:")).toBe(
      '<span class="badge sev s-warning" title=":warning:">warning</span> <span class="badge sev s-info" title=":information_source:">info</span> :tada:',
    );
  });
});
