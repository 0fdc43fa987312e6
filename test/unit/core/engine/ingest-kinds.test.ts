import { describe, expect, it } from "vitest";
import { ingestEvent, type IngestDeps } from "../../../../packages/core/src/engine/ingest.ts";
import type { TimelineEntry } from "../../../../packages/core/src/history/model.ts";
import type { ServiceRef } from "../../../../packages/core/src/events/model.ts";
import { loadFixture, withDetail, withEnvelope } from "../../../support/fixtures.ts";

// The ingest keeps the events it has no history of its own for — a pause hook's state change,
// and a kind AWS added after this version — in the service's timeline, once per event id.

function deps(): IngestDeps & { written: TimelineEntry[] } {
  const written: TimelineEntry[] = [];
  const unused = () => Promise.reject(new Error("not used by these events"));
  return {
    written,
    history: {
      recordTask: unused,
      recordDeployment: unused,
      recordServiceAction: unused,
      recordObserved: unused,
      recordImported: unused,
    },
    deployments: { taskDefinitionOf: unused },
    timeline: {
      recordOnce: async (_ref: ServiceRef, entry: TimelineEntry) => {
        if (!written.some((w) => w.eventId === entry.eventId)) written.push(entry);
      },
    },
  };
}

describe("ingesting the event kinds without a history of their own", () => {
  it("records a pause hook awaiting action in the service's timeline", async () => {
    const d = deps();

    const { event, outcome } = await ingestEvent(loadFixture("ecs-hook-awaiting-action-derived"), d);

    expect(event.kind).toBe("hook");
    expect(outcome).toEqual({ status: "recorded" });
    expect(d.written).toEqual([
      expect.objectContaining({
        cluster: "default",
        service: "servicetest",
        type: "hook",
        eventName: "HOOK_AWAITING_ACTION",
        summary: expect.stringContaining("POST_TEST_TRAFFIC_SHIFT"),
      }),
    ]);
  });

  it("records an unknown detail-type naming a service as unknown, and does not throw", async () => {
    const d = deps();
    const raw = withEnvelope(loadFixture("ecs-service-action-steady-state"), { "detail-type": "ECS Daemon Action" });

    const { outcome } = await ingestEvent(raw, d);

    expect(outcome).toEqual({ status: "recorded" });
    expect(d.written).toEqual([
      expect.objectContaining({ type: "unknown", summary: expect.stringContaining("ECS Daemon Action") }),
    ]);
  });

  it("ignores, with its reason, an unknown detail-type that names no service", async () => {
    const d = deps();
    const raw = withEnvelope(loadFixture("ecs-service-action-steady-state"), {
      "detail-type": "ECS Something New",
      resources: [],
    });

    const { outcome } = await ingestEvent(raw, d);

    expect(outcome).toEqual({ status: "ignored", reason: expect.stringContaining("ECS Something New") });
    expect(d.written).toEqual([]);
  });

  it("records a hook event name it does not know, for the history, like a known one", async () => {
    const d = deps();
    const raw = withDetail(loadFixture("ecs-hook-awaiting-action-derived"), { eventName: "HOOK_SOMETHING_NEW" });

    const { outcome } = await ingestEvent(raw, d);

    expect(outcome).toEqual({ status: "recorded" });
    expect(d.written[0]).toMatchObject({ type: "hook", eventName: "HOOK_SOMETHING_NEW" });
  });
});
