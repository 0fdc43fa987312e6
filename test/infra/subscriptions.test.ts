import { beforeAll, expect, it } from "vitest";
import { alarmEventsPattern, subscriptions } from "@ecs-guardrails/core/events/patterns";
import { type EvaluatedApp, evaluateApp, resourcesOfType, stateOf } from "../support/sst-harness.ts";

// How events reach the ingest function: rules on the account's default bus, one per pattern.

let app: EvaluatedApp;

beforeAll(async () => {
  app = await evaluateApp();
});

function rules() {
  return resourcesOfType(app, "aws:cloudwatch/eventRule:EventRule");
}

function patterns(): unknown[] {
  return rules().map((rule) => JSON.parse(rule.inputs.eventPattern as string));
}

it("subscribes only on the default bus", () => {
  expect(rules().length).toBeGreaterThan(0);
  for (const rule of rules()) expect(rule.inputs.eventBusName).toBe("default");
});

it("subscribes with exactly the ingest patterns of patterns.ts, one rule each", () => {
  expect(patterns()).toHaveLength(subscriptions.ingest.length);
  expect(patterns()).toEqual(expect.arrayContaining(subscriptions.ingest.map((pattern) => ({ ...pattern }))));
});

it("receives the four ECS detail-types (a pause hook's state change included) and CloudWatch alarm state changes", () => {
  expect(patterns()).toContainEqual({
    source: ["aws.ecs"],
    "detail-type": [
      "ECS Task State Change",
      "ECS Deployment State Change",
      "ECS Service Action",
      "ECS Hook State Change",
    ],
  });
  expect(patterns()).toContainEqual({ ...alarmEventsPattern });
});

it("never matches with a catch-all: every pattern names its sources and detail-types", () => {
  for (const pattern of patterns() as Record<string, unknown[]>[]) {
    expect(Object.keys(pattern).sort()).toEqual(["detail-type", "source"]);
    for (const value of [...pattern.source!, ...pattern["detail-type"]!]) expect(typeof value).toBe("string");
  }
});

it("delivers every rule to the ingest function", () => {
  const targets = resourcesOfType(app, "aws:cloudwatch/eventTarget:EventTarget");
  expect(targets).toHaveLength(rules().length);
  for (const target of targets) expect(target.inputs.arn).toBe(stateOf(app, "IngestFunction").arn);
});
