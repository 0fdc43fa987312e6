import { describe, expect, it } from "vitest";
import { noticeFor } from "@ecs-guardrails/core/engine/notices";
import type { DecisionRecord } from "@ecs-guardrails/core/engine/ports";
import type { Decision } from "@ecs-guardrails/core/model/decision";
import { REF, td } from "../../../support/snapshots.ts";

// The chat notice for a recorded decision: the title says whether it happened, would have
// happened, was blocked or failed; a failure is always critical.

const rollback: Decision = {
  policy: "auto-rollback",
  key: "auto-rollback#rollback#ecs-svc/2",
  action: { type: "rollback", deploymentId: "ecs-svc/2", taskDefinition: td(41), fromTaskDefinition: td(42) },
  severity: "warning",
  title: "Roll back prod/web from web:42 to web:41",
  reason: "3 task failures of the new revision (3 crash) reached the threshold of 3",
  threadId: "prod/web/ecs-svc/2",
  deploymentId: "ecs-svc/2",
  facts: { toTaskDefinition: td(41) },
};
const firstFailure: Decision = {
  ...rollback,
  key: "auto-rollback#first-failure#ecs-svc/2",
  action: undefined,
  title: "First task failure in the deployment of prod/web (web:42)",
};

const record = (verdict: DecisionRecord["verdict"], guard?: string): DecisionRecord => ({
  key: rollback.key,
  policy: "auto-rollback",
  time: "2026-11-20T10:05:00.000Z",
  mode: verdict === "observed" ? "observe" : "enforce",
  verdict,
  title: rollback.title,
  reason: rollback.reason,
  guard,
  action: rollback.action,
  rolledBack: undefined,
  startedDeployment: undefined,
  counted: false,
  deploymentId: "ecs-svc/2",
  facts: rollback.facts,
});

describe("noticeFor", () => {
  it.each<[DecisionRecord["verdict"], string]>([
    ["acted", "Roll back prod/web from web:42 to web:41"],
    ["noted", "Roll back prod/web from web:42 to web:41"],
    ["observed", "[observe] Would roll back prod/web from web:42 to web:41"],
    ["blocked", "[blocked] Would roll back prod/web from web:42 to web:41"],
    ["failed", "[failed] Could not roll back prod/web from web:42 to web:41"],
  ])("titles a decision that was %s as %j", (verdict, title) => {
    expect(noticeFor(REF, rollback, record(verdict)).title).toBe(title);
  });

  it.each<[DecisionRecord["verdict"], string]>([
    ["acted", "warning"],
    ["observed", "warning"],
    ["blocked", "warning"],
    ["failed", "critical"],
  ])("gives a decision that was %s the severity %s", (verdict, severity) => {
    expect(noticeFor(REF, rollback, record(verdict)).severity).toBe(severity);
  });

  it("keeps the deployment's thread and dedupes on the decision key", () => {
    const notice = noticeFor(REF, rollback, record("acted"));

    expect(notice).toMatchObject({
      threadId: "prod/web/ecs-svc/2",
      dedupeKey: "auto-rollback#rollback#ecs-svc/2",
      cluster: "prod",
      service: "web",
      policy: "auto-rollback",
    });
  });

  it("says why an action was not taken", () => {
    const notice = noticeFor(REF, rollback, record("blocked", "the global kill switch is on"));

    expect(notice.description).toBe(`**prod/web**: ${rollback.reason}. Not acted on: the global kill switch is on.`);
  });

  it("names the action and the verdict in the event type and the context", () => {
    const notice = noticeFor(REF, rollback, record("observed"));

    expect(notice.eventType).toBe("auto-rollback.rollback.observed");
    // With what a chat button on it carries (capabilities/chat-command): the service, the
    // decision's enforced key, its thread and, for a rollback only observed, "Roll back now".
    expect(notice.context).toEqual({
      toTaskDefinition: td(41),
      mode: "observe",
      verdict: "observed",
      chatRef: "prod/web",
      chatKey: "auto-rollback#rollback#ecs-svc/2",
      chatThread: "prod/web/ecs-svc/2",
      chatOffer: "observed-rollback",
    });
    expect(notice.keywords).toEqual(["auto-rollback", "prod", "web", "observed"]);
  });

  it("announces a decision without an action as a notice with generic next steps", () => {
    const notice = noticeFor(REF, firstFailure, { ...record("noted"), action: undefined });

    expect(notice.title).toBe("First task failure in the deployment of prod/web (web:42)");
    expect(notice.eventType).toBe("auto-rollback.notice.noted");
    expect(notice.nextSteps).toEqual(["Check the service's events in the ECS console or with `guardrails history`"]);
  });

  it("passes on the next steps the deciding policy wrote", () => {
    const withSteps = { ...rollback, nextSteps: ["Look at the failed revision's stopped tasks"] };

    expect(noticeFor(REF, withSteps, record("acted")).nextSteps).toEqual([
      "Look at the failed revision's stopped tasks",
    ]);
  });
});
