import { describe, expect, it } from "vitest";
import { DynamoDecisionStore } from "../../../packages/aws/src/history/decision-store.ts";
import { DEFAULT_RETENTION } from "../../../packages/aws/src/history/retention.ts";
import type { TimelineEntry } from "../../../packages/core/src/history/model.ts";
import { guardrailsNotice } from "../../../packages/core/src/notifications/notice.ts";
import { freshStore } from "../../support/history.ts";

// The one claim-once ledger against DynamoDB Local, through the engine's adapter (the deploy
// stage and the deployment hook use the same instance): a key is claimed once, its first
// intent stands, done is final, a record is written once with its message in the outbox.

const ref = { cluster: "prod", service: "web" };
const AT = "2026-11-20T10:00:00.000Z";

async function ledger() {
  const { store: reads, client, tableName } = await freshStore();
  return { reads, ledger: new DynamoDecisionStore({ client, tableName, reads, retention: DEFAULT_RETENTION }) };
}

const entry = (eventId: string, summary: string): TimelineEntry => ({
  ...ref,
  type: "pipeline",
  time: AT,
  eventId,
  summary,
  data: { jobId: eventId },
});
const notice = (title: string) =>
  guardrailsNotice(ref, {
    severity: "warning",
    title,
    description: title,
    nextSteps: [],
    threadId: "prod/web/pipeline/x",
    eventType: "pipeline.gate.blocked",
    dedupeKey: "pipeline#job-1",
    keywords: [],
    context: {},
  });

describe("the claim-once ledger", () => {
  it("claims a key once, and tells a later claimant the claim's intent and whether it is done", async () => {
    const { ledger: l } = await ledger();

    const first = await l.claimOnce<{ reply: string }>("pipeline#job-1", AT);
    const beforeIntent = await l.claimOnce<{ reply: string }>("pipeline#job-1", AT);
    await l.saveIntent("pipeline#job-1", { reply: "success" });
    const beforeDone = await l.claimOnce<{ reply: string }>("pipeline#job-1", AT);
    await l.markDone("pipeline#job-1", AT);
    const after = await l.claimOnce<{ reply: string }>("pipeline#job-1", AT);

    expect(first).toEqual({ status: "claimed" });
    expect(beforeIntent).toEqual({ status: "claimed-before", intent: undefined, done: false });
    expect(beforeDone).toEqual({ status: "claimed-before", intent: { reply: "success" }, done: false });
    expect(after).toEqual({ status: "claimed-before", intent: { reply: "success" }, done: true });
  });

  it("keeps the first intent stored on a claim: a racing attempt gets that one back", async () => {
    const { ledger: l } = await ledger();
    await l.claimOnce("pipeline#job-2", AT);

    const stored = await l.saveIntent("pipeline#job-2", { reply: "first" });
    const racing = await l.saveIntent("pipeline#job-2", { reply: "second" });

    expect(stored).toEqual({ reply: "first" });
    expect(racing).toEqual({ reply: "first" });
  });

  it("writes a record once, its message into the service's outbox with it, until delivered", async () => {
    const { ledger: l, reads } = await ledger();

    await l.recordOnce(ref, entry("pipeline-job-job-1", "gate blocked"), {
      key: "pipeline#job-1",
      at: AT,
      notice: notice("blocked"),
    });
    await l.recordOnce(ref, entry("pipeline-job-job-1", "gate blocked again"), {
      key: "pipeline#job-1",
      at: AT,
      notice: notice("blocked again"),
    });
    const pending = (await reads.getServiceState(ref))?.outbox;
    await l.delivered(ref, "pipeline#job-1");

    const timeline = (await reads.timeline(ref)).items.filter((e) => e.eventId === "pipeline-job-job-1");
    expect(timeline.map((e) => e.summary)).toEqual(["gate blocked"]);
    expect(Object.values(pending ?? {}).map((o) => o.notice.title)).toEqual(["blocked"]);
    expect((await reads.getServiceState(ref))?.outbox).toEqual({});
  });
});
