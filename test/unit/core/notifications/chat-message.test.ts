import { describe, it, expect } from "vitest";
import { Buffer } from "node:buffer";
import { CHAT_LIMITS, toChatMessage } from "@ecs-guardrails/core/notifications/chat-message";
import type { CustomNotification } from "@ecs-guardrails/core/notifications/chat-message";
import type { Notice } from "@ecs-guardrails/core/notifications/notice";

const TD = "arn:aws:ecs:us-east-1:111122223333:task-definition";

const rollback: Notice = {
  severity: "critical",
  policy: "auto-rollback",
  cluster: "prod",
  service: "web",
  title: "Rolled back to web:41",
  description: "The new revision crashed 3 times in 5 minutes (exit code 1).",
  nextSteps: ["Check the logs of web:42", "Fix and redeploy"],
  threadId: "prod/web/ecs-svc/1234567890123456789",
  eventType: "auto-rollback.rollback",
  dedupeKey: "auto-rollback:prod/web:ecs-svc/1234567890123456789:rollback",
  keywords: ["prod", "web", "rollback"],
  relatedResources: ["arn:aws:ecs:us-east-1:111122223333:service/prod/web"],
  context: { fromTaskDefinition: `${TD}/web:42`, toTaskDefinition: `${TD}/web:41`, crashes: "3" },
};

const notice = (patch: Partial<Notice> = {}): Notice => ({ ...rollback, ...patch });
const parsed = (n: Notice): CustomNotification => JSON.parse(toChatMessage(n).message);
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

describe("toChatMessage", () => {
  describe("the custom notification", () => {
    it("carries version 1.0 and source custom, without which Amazon Q drops it", () => {
      const message = parsed(notice());
      expect(message.version).toBe("1.0");
      expect(message.source).toBe("custom");
    });

    it("is valid JSON with exactly the documented fields", () => {
      const message = parsed(notice());
      expect(Object.keys(message).sort()).toEqual(["content", "id", "metadata", "source", "version"]);
      expect(Object.keys(message.content).sort()).toEqual([
        "description",
        "keywords",
        "nextSteps",
        "textType",
        "title",
      ]);
      expect(Object.keys(message.metadata).sort()).toEqual([
        "additionalContext",
        "eventType",
        "relatedResources",
        "summary",
        "threadId",
      ]);
      expect(message.content.textType).toBe("client-markdown");
    });

    it("uses a stable hex digest of the dedupe key as id", () => {
      const id = parsed(notice()).id;
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(parsed(notice({ title: "other words" })).id).toBe(id);
      expect(parsed(notice({ dedupeKey: "another key" })).id).not.toBe(id);
    });

    it("carries the thread id, event type, next steps, keywords and related resources", () => {
      const message = parsed(notice());
      expect(message.metadata.threadId).toBe("prod/web/ecs-svc/1234567890123456789");
      expect(message.metadata.eventType).toBe("auto-rollback.rollback");
      expect(message.content.nextSteps).toEqual(["Check the logs of web:42", "Fix and redeploy"]);
      expect(message.content.keywords).toEqual(["prod", "web", "rollback"]);
      expect(message.metadata.relatedResources).toEqual(["arn:aws:ecs:us-east-1:111122223333:service/prod/web"]);
    });

    it("keeps every additional context value a string, with the notice's identity added", () => {
      const context = parsed(notice()).metadata.additionalContext;
      expect(context).toMatchObject({
        fromTaskDefinition: `${TD}/web:42`,
        toTaskDefinition: `${TD}/web:41`,
        crashes: "3",
        severity: "critical",
        policy: "auto-rollback",
        cluster: "prod",
        service: "web",
        dedupeKey: rollback.dedupeKey,
      });
      for (const value of Object.values(context)) expect(typeof value).toBe("string");
    });
  });

  describe("the title", () => {
    it.each([
      ["critical", ":rotating_light: Rolled back to web:41"],
      ["warning", ":warning: Rolled back to web:41"],
      ["info", ":information_source: Rolled back to web:41"],
    ] as const)("starts with the %s marker", (severity, title) => {
      expect(parsed(notice({ severity })).content.title).toBe(title);
    });

    it("stays on one line when the notice's title has a line break", () => {
      expect(parsed(notice({ title: "Rolled back\nto web:41" })).content.title).toBe(
        ":rotating_light: Rolled back to web:41",
      );
    });
  });

  describe("the description", () => {
    it("names cluster, service, both revisions and the reason", () => {
      const { description } = parsed(notice()).content;
      expect(description).toContain("*Cluster:* `prod`");
      expect(description).toContain("*Service:* `web`");
      expect(description).toContain("*Revisions:* `web:42` → `web:41`");
      expect(description).toContain("*Policy:* auto-rollback (critical)");
      expect(description).toMatch(/\n\nThe new revision crashed 3 times in 5 minutes \(exit code 1\)\.$/);
    });

    it("names the single revision when the context has only one", () => {
      const { description } = parsed(notice({ context: { toTaskDefinition: "web:41" } })).content;
      expect(description).toContain("*Revision:* `web:41`");
      expect(description).not.toContain("Revisions");
    });

    it("leaves the revision line out when the context names none", () => {
      expect(parsed(notice({ context: {} })).content.description).not.toContain("Revision");
    });
  });

  describe("the summary", () => {
    it("is one line of plain text with severity, service, headline and reason", () => {
      const { summary } = parsed(notice({ description: "The new *revision*\n\ncrashed `3` times." })).metadata;
      expect(summary).toBe("[CRITICAL] prod/web: Rolled back to web:41 - The new revision crashed 3 times.");
    });

    it("is capped for previews", () => {
      const { summary } = parsed(notice({ description: "x".repeat(5_000) })).metadata;
      expect(summary.length).toBe(CHAT_LIMITS.summary);
      expect(summary.endsWith("…")).toBe(true);
    });
  });

  describe("the subject", () => {
    it("reads severity, cluster/service and title", () => {
      expect(toChatMessage(notice()).subject).toBe("[CRITICAL] prod/web: Rolled back to web:41");
    });

    it("is printable ASCII on one line, with accents and arrows spelled out", () => {
      const { subject } = toChatMessage(notice({ title: "Rolled back\r\nweb:42 → web:41 — café 🚨\tdone…" }));
      expect(subject).toBe("[CRITICAL] prod/web: Rolled back web:42 -> web:41 - cafe done...");
      expect(subject).toMatch(PRINTABLE_ASCII);
    });

    it("is cut under 100 characters with an ASCII ellipsis", () => {
      const { subject } = toChatMessage(notice({ title: "a very long headline ".repeat(20) }));
      expect(subject.length).toBeLessThanOrEqual(CHAT_LIMITS.subject);
      expect(subject.length).toBeLessThan(100);
      expect(subject.endsWith("...")).toBe(true);
      expect(subject).toMatch(PRINTABLE_ASCII);
    });

    it("falls back to the event type when the title has no ASCII at all", () => {
      expect(toChatMessage(notice({ title: "🚨🚨" })).subject).toBe("[CRITICAL] prod/web: auto-rollback.rollback");
    });
  });

  describe("the attributes", () => {
    it("give severity, policy, cluster, service and event type for filter policies", () => {
      expect(toChatMessage(notice()).attributes).toEqual({
        severity: "critical",
        policy: "auto-rollback",
        cluster: "prod",
        service: "web",
        eventType: "auto-rollback.rollback",
      });
    });

    it("leave out empty values, which SNS would reject", () => {
      expect(toChatMessage(notice({ eventType: "" })).attributes).not.toHaveProperty("eventType");
    });
  });

  describe("the size", () => {
    it("leaves a normal description untouched", () => {
      expect(parsed(notice()).content.description).not.toContain("truncated");
    });

    it("cuts a huge reason so the message fits SNS, and says so", () => {
      const huge = 'é"\n'.repeat(400_000); // multi-byte and escaped characters, ~1.6 MB of JSON
      const { message } = toChatMessage(notice({ description: huge }));
      expect(Buffer.byteLength(message)).toBeLessThanOrEqual(CHAT_LIMITS.messageBytes);
      expect(Buffer.byteLength(message)).toBeGreaterThan(CHAT_LIMITS.messageBytes - 64);
      const { description } = JSON.parse(message).content;
      expect(description).toContain("*Cluster:* `prod`");
      expect(description).toMatch(/_… description truncated: [\d]+ of [\d]+ characters shown\._$/);
    });

    it("does not split a surrogate pair when cutting", () => {
      const { message } = toChatMessage(notice({ description: "🚨".repeat(200_000) }));
      expect(Buffer.byteLength(message)).toBeLessThanOrEqual(CHAT_LIMITS.messageBytes);
      expect(message).not.toMatch(/\\ud83d(?!\\udea8)/i);
      expect(JSON.parse(message).content.description).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    });

    it("stays within the limit when every other field is oversized too", () => {
      const long = "x".repeat(100_000);
      const many = Array.from({ length: 1_000 }, () => long);
      const { message } = toChatMessage(
        notice({
          title: long,
          description: long,
          nextSteps: many,
          keywords: many,
          relatedResources: many,
          threadId: long,
          context: Object.fromEntries(many.map((v, i) => [`k${i}`, v])),
        }),
      );
      expect(Buffer.byteLength(message)).toBeLessThanOrEqual(CHAT_LIMITS.messageBytes);
      expect(() => JSON.parse(message)).not.toThrow();
    });
  });
});
