import { beforeAll, expect, it } from "vitest";
import {
  type EvaluatedApp,
  evaluateApp,
  MOCK_ACCOUNT,
  MOCK_REGION,
  resourceNamed,
  stateOf,
} from "../support/sst-harness.ts";
import {
  actionsOf,
  arnMatches,
  inlinePolicyStatements,
  policyStatements,
  resourcesOf,
} from "../support/sst-mocks-policies.ts";

// Least privilege, for a stage deployed without a cluster scope (no guardrails.config.json).

let app: EvaluatedApp;

beforeAll(async () => {
  app = await evaluateApp({ env: { GUARDRAILS_CONFIG_FILE: "does-not-exist.json" } });
});

function ingestStatements() {
  return inlinePolicyStatements(resourceNamed(app, "IngestRole"));
}

function statementGranting(action: string) {
  const statement = ingestStatements().find((s) => actionsOf(s).includes(action));
  if (!statement) throw new Error(`No statement grants ${action}`);
  return statement;
}

it("grants no action containing a wildcard, in any policy of any resource", () => {
  const statements = policyStatements(app.resources);
  expect(statements.map((found) => found.resource)).toContain("IngestRole");
  for (const { resource, statement } of statements) {
    expect(statement.NotAction, `${resource} uses NotAction`).toBeUndefined();
    for (const action of actionsOf(statement)) expect(action, `${resource} grants ${action}`).not.toContain("*");
  }
});

it("scopes table access to the history table and its indexes", () => {
  const table = stateOf(app, "HistoryTable").arn;
  expect(resourcesOf(statementGranting("dynamodb:PutItem"))).toEqual([table, `${table}/index/*`]);
});

it("scopes publishing to the topic and dead letters to the queue", () => {
  expect(resourcesOf(statementGranting("sns:Publish"))).toEqual([stateOf(app, "NotificationsTopic").arn]);
  expect(resourcesOf(statementGranting("sqs:SendMessage"))).toEqual([stateOf(app, "DeadLettersQueue").arn]);
});

it("uses a * resource only for actions without resource-level permissions", () => {
  const unscoped = ingestStatements().filter((s) => resourcesOf(s).includes("*"));
  expect(unscoped.flatMap(actionsOf).sort()).toEqual(["ecs:DescribeTaskDefinition"]);
});

it("lets UpdateService reach every service when no cluster is given, old-format ARNs (no cluster) included", () => {
  expect(resourcesOf(statementGranting("ecs:UpdateService"))).toEqual([
    `arn:aws:ecs:${MOCK_REGION}:${MOCK_ACCOUNT}:service/*`,
  ]);
});

it.each([
  ["the current format", "service/prod/web"],
  ["the old format, without the cluster", "service/web"],
])("can update and read a service ARN in %s", (_, path) => {
  const arn = `arn:aws:ecs:${MOCK_REGION}:${MOCK_ACCOUNT}:${path}`;
  for (const action of ["ecs:UpdateService", "ecs:DescribeServices"]) {
    expect(
      resourcesOf(statementGranting(action)).some((pattern) => arnMatches(pattern, arn)),
      action,
    ).toBe(true);
  }
});

it("reads services in both ARN formats", () => {
  expect(resourcesOf(statementGranting("ecs:DescribeServices"))).toEqual([
    `arn:aws:ecs:${MOCK_REGION}:${MOCK_ACCOUNT}:service/*`,
  ]);
});

it("lets only the Lambda service assume the function role", () => {
  const trust = JSON.parse(resourceNamed(app, "IngestRole").inputs.assumeRolePolicy as string);
  expect(trust.Statement).toEqual([
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ]);
});

it('grants the pipeline function the job results on "*" (they have no resource type) and nothing else on "*" but DescribeTaskDefinition', () => {
  const statements = inlinePolicyStatements(resourceNamed(app, "PipelineRole"));
  const anywhere = statements
    .filter((s) => resourcesOf(s).includes("*"))
    .flatMap(actionsOf)
    .sort();
  expect(anywhere).toEqual([
    "codepipeline:PutJobFailureResult",
    "codepipeline:PutJobSuccessResult",
    "ecs:DescribeTaskDefinition",
  ]);
  expect(statements.flatMap(actionsOf)).not.toContain("ecs:UpdateService");
});
