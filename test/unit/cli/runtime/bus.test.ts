import { alarmEventsPattern, ecsEventsPattern, pipelineEventsPattern } from "@ecs-guardrails/core/events/patterns";
import { matches, routesFor } from "@ecs-guardrails/cli/runtime/bus";
import { describe, expect, it } from "vitest";

describe("routesFor", () => {
  it.each([
    ["aws.ecs", "ECS Task State Change", ["ingest"]],
    ["aws.ecs", "ECS Deployment State Change", ["ingest"]],
    ["aws.ecs", "ECS Service Action", ["ingest"]],
    ["aws.cloudwatch", "CloudWatch Alarm State Change", ["ingest"]],
    ["aws.codepipeline", "CodePipeline Pipeline Execution State Change", ["ingest"]],
    ["aws.codepipeline", "CodePipeline Action Execution State Change", ["ingest"]],
    ["aws.ecs", "ECS Container Instance State Change", []],
    ["aws.ecs", "Something New", []],
    ["aws.cloudwatch", "ECS Task State Change", []],
    ["custom.app", "ECS Task State Change", []],
  ])("delivers %s %j to %j", (source, detailType, functions) => {
    expect(routesFor({ source, "detail-type": detailType })).toEqual(functions);
  });

  it.each([
    ["no source", { "detail-type": "ECS Task State Change" }],
    ["no detail-type", { source: "aws.ecs" }],
    ["an empty envelope", {}],
  ])("delivers an event with %s nowhere", (_, event) => {
    expect(routesFor(event)).toEqual([]);
  });
});

describe("matches", () => {
  it.each([
    [ecsEventsPattern, { source: "aws.ecs", "detail-type": "ECS Service Action" }, true],
    [ecsEventsPattern, { source: "aws.ecs", "detail-type": "ecs service action" }, false],
    [alarmEventsPattern, { source: "aws.cloudwatch", "detail-type": "CloudWatch Alarm State Change" }, true],
    [
      pipelineEventsPattern,
      { source: "aws.codepipeline", "detail-type": "CodePipeline Stage Execution State Change" },
      true,
    ],
    [pipelineEventsPattern, { source: "aws.ecs", "detail-type": "CodePipeline Stage Execution State Change" }, false],
  ])("needs both the source and the detail-type to match exactly (%#)", (pattern, event, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });
});
