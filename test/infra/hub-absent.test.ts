import { beforeAll, expect, it } from "vitest";
import { type EvaluatedApp, evaluateApp } from "../support/sst-harness.ts";
import { actionsOf, policyStatements } from "../support/sst-mocks-policies.ts";

// A single account without a hub deploys exactly what it did before the organization option:
// no hub bus, no bus policy, no rule off the default bus, no right to assume a role anywhere.

let app: EvaluatedApp;

beforeAll(async () => {
  app = await evaluateApp({ env: { GUARDRAILS_CONFIG_FILE: "does-not-exist.json" } });
});

it("declares no resource of the hub", () => {
  const hub = app.resources.filter((r) => r.name.startsWith("Hub") || r.name.endsWith("AssumeMemberRole"));
  expect(hub.map((r) => r.name)).toEqual([]);
  expect(app.resources.filter((r) => r.type.startsWith("aws:cloudwatch/eventBus"))).toEqual([]);
});

it("subscribes on the default bus only", () => {
  const rules = app.resources.filter((r) => r.type === "aws:cloudwatch/eventRule:EventRule");
  expect(rules.map((r) => r.inputs.eventBusName)).toEqual(rules.map(() => "default"));
});

it("lets no function assume a role", () => {
  const assume = policyStatements(app.resources).filter(
    ({ statement }) => !statement.Principal && actionsOf(statement).includes("sts:AssumeRole"),
  );
  expect(assume).toEqual([]);
});

it("exports what it exported before, and nothing of the hub", () => {
  expect(
    Object.keys(app.outputs)
      .filter((key) => !key.startsWith("_"))
      .sort(),
  ).toEqual(
    [
      "deadLetterQueueUrl",
      "deploymentHookFunctionArn",
      "deploymentHookRoleArn",
      "historyTableName",
      "ingestFunctionName",
      "notificationsTopicArn",
      "pipelineFunctionName",
      "reconcileFunctionName",
      "rightSizingFunctionName",
    ].sort(),
  );
});
