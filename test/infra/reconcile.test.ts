import { beforeAll, describe, expect, it } from "vitest";
import { reconcileSchedule } from "../../packages/infra/src/reconcile.ts";
import {
  type EvaluatedApp,
  evaluateApp,
  MOCK_ACCOUNT,
  MOCK_REGION,
  resourceNamed,
  stateOf,
} from "../support/sst-harness.ts";
import { actionsOf, type IamStatement, inlinePolicyStatements, resourcesOf } from "../support/sst-mocks-policies.ts";

// The scheduled reconcile: CronV2 "Reconcile" creates the function "ReconcileHandler" (its
// Lambda, role and event invoke config), an EventBridge Scheduler schedule "ReconcileSchedule"
// and the role "ReconcileRole" Scheduler invokes the function with. No cluster scope here.

let app: EvaluatedApp;

beforeAll(async () => {
  app = await evaluateApp({ env: { GUARDRAILS_CONFIG_FILE: "does-not-exist.json" } });
});

function reconcileStatements(): IamStatement[] {
  return inlinePolicyStatements(resourceNamed(app, "ReconcileHandlerRole"));
}

function statementGranting(statements: readonly IamStatement[], action: string): IamStatement {
  const statement = statements.find((s) => actionsOf(s).includes(action));
  if (!statement) throw new Error(`No statement grants ${action}`);
  return statement;
}

describe("schedule", () => {
  it("runs every 5 minutes on EventBridge Scheduler, targeting the reconcile function", () => {
    const schedule = resourceNamed(app, "ReconcileSchedule");
    expect(schedule.type).toBe("aws:scheduler/schedule:Schedule");
    expect(schedule.inputs).toMatchObject({
      scheduleExpression: "rate(5 minutes)",
      flexibleTimeWindow: { mode: "OFF" },
      state: "ENABLED",
    });
    expect(schedule.inputs.target).toMatchObject({
      arn: stateOf(app, "ReconcileHandlerFunction").arn,
      roleArn: stateOf(app, "ReconcileRole").arn,
    });
  });

  it("lets the Scheduler invoke only that function and send only to the dead-letter queue", () => {
    const role = resourceNamed(app, "ReconcileRole");
    // SST passes this trust policy as an object (aws.iam.assumeRolePolicyForPrincipal), not JSON.
    const trust = role.inputs.assumeRolePolicy;
    expect((typeof trust === "string" ? JSON.parse(trust) : trust).Statement).toEqual([
      expect.objectContaining({ Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole" }),
    ]);
    const statements = inlinePolicyStatements(role);
    expect(statements.map((s) => [actionsOf(s), resourcesOf(s)])).toEqual([
      [["lambda:InvokeFunction"], [stateOf(app, "ReconcileHandlerFunction").arn]],
      [["sqs:SendMessage"], [stateOf(app, "DeadLettersQueue").arn]],
    ]);
  });

  it("builds the rate expression from whole minutes, singular for one", () => {
    expect(reconcileSchedule()).toBe("rate(5 minutes)");
    expect(reconcileSchedule(1)).toBe("rate(1 minute)");
    expect(reconcileSchedule(15)).toBe("rate(15 minutes)");
    expect(() => reconcileSchedule(0)).toThrow(/at least 1/);
    expect(() => reconcileSchedule(2.5)).toThrow(/whole number/);
  });
});

describe("failed ticks", () => {
  it("go to the dead-letter queue when the Scheduler cannot deliver them, after two retries", () => {
    expect(resourceNamed(app, "ReconcileSchedule").inputs.target).toMatchObject({
      retryPolicy: { maximumRetryAttempts: 2 },
      deadLetterConfig: { arn: stateOf(app, "DeadLettersQueue").arn },
    });
  });

  it("go to the dead-letter queue when the handler fails, after Lambda's two retries", () => {
    expect(resourceNamed(app, "ReconcileHandlerEventInvokeConfig").inputs).toEqual({
      functionName: stateOf(app, "ReconcileHandlerFunction").name,
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: stateOf(app, "DeadLettersQueue").arn } },
    });
    expect(resourcesOf(statementGranting(reconcileStatements(), "sqs:SendMessage"))).toEqual([
      stateOf(app, "DeadLettersQueue").arn,
    ]);
  });
});

describe("function", () => {
  it("runs functions/reconcile.handler on nodejs24.x, arm64, with 256 MB and 2 minutes", () => {
    expect(resourceNamed(app, "ReconcileHandlerFunction").inputs).toMatchObject({
      handler: "functions/reconcile.handler",
      runtime: "nodejs24.x",
      architectures: ["arm64"],
      memorySize: 256,
      timeout: 120,
    });
  });

  it("bundles its handler", () => {
    const builds = app.builds.filter((build) => build.functionID === "ReconcileHandler");
    expect(builds.map((build) => [build.handler, build.errors])).toEqual([["functions/reconcile.handler", []]]);
  });

  it("is told the table, topic and dead-letter queue through its environment", () => {
    expect(resourceNamed(app, "ReconcileHandlerFunction").inputs.environment).toMatchObject({
      variables: {
        TABLE_NAME: stateOf(app, "HistoryTable").name,
        TOPIC_ARN: stateOf(app, "NotificationsTopic").arn,
        DEAD_LETTER_QUEUE_URL: stateOf(app, "DeadLettersQueue").url,
        POWERTOOLS_SERVICE_NAME: "ecs-guardrails",
      },
    });
  });

  it("is exported as reconcileFunctionName", () => {
    expect(app.outputs["reconcileFunctionName"]).toBe(stateOf(app, "ReconcileHandlerFunction").name);
  });
});

describe("permissions", () => {
  it("are all allowed, none with a wildcard action", () => {
    for (const statement of reconcileStatements()) {
      expect(statement.Effect).toBe("Allow");
      for (const action of actionsOf(statement)) expect(action).not.toContain("*");
    }
  });

  it("scope table access to the history table and its indexes, publishing to the topic", () => {
    const table = stateOf(app, "HistoryTable").arn;
    expect(resourcesOf(statementGranting(reconcileStatements(), "dynamodb:Query"))).toEqual([
      table,
      `${table}/index/*`,
    ]);
    expect(resourcesOf(statementGranting(reconcileStatements(), "sns:Publish"))).toEqual([
      stateOf(app, "NotificationsTopic").arn,
    ]);
  });

  it("scope UpdateService exactly like the ingest function's", () => {
    const ingest = statementGranting(inlinePolicyStatements(resourceNamed(app, "IngestRole")), "ecs:UpdateService");
    const reconcile = statementGranting(reconcileStatements(), "ecs:UpdateService");
    expect(reconcile).toEqual(ingest);
    expect(resourcesOf(reconcile)).toEqual([`arn:aws:ecs:${MOCK_REGION}:${MOCK_ACCOUNT}:service/*`]);
  });

  it("list clusters on resource * (ListClusters has no resource-level permissions)", () => {
    const statement = statementGranting(reconcileStatements(), "ecs:ListClusters");
    expect(statement).toMatchObject({ Effect: "Allow", Action: ["ecs:ListClusters"], Resource: ["*"] });
  });

  it("list services on resource *, scoped to cluster ARNs by the ecs:cluster condition", () => {
    // ListServices has no resource type: a cluster ARN in Resource would never match.
    const statement = statementGranting(reconcileStatements(), "ecs:ListServices");
    expect(statement).toMatchObject({
      Action: ["ecs:ListServices"],
      Resource: ["*"],
      Condition: { ArnLike: { "ecs:cluster": [`arn:aws:ecs:${MOCK_REGION}:${MOCK_ACCOUNT}:cluster/*`] } },
    });
  });

  it("use a * resource only for actions without usable resource-level permissions", () => {
    const unscoped = reconcileStatements().filter((s) => resourcesOf(s).includes("*"));
    expect(unscoped.flatMap(actionsOf).sort()).toEqual(
      [
        "application-autoscaling:DescribeScalableTargets",
        "ecs:DescribeTaskDefinition",
        "ecs:ListClusters",
        "ecs:ListServices",
      ].sort(),
    );
  });

  it("move scalable targets' min/max only for ECS services' desired count (the target's ARN cannot name the service)", () => {
    const statement = statementGranting(reconcileStatements(), "application-autoscaling:RegisterScalableTarget");
    expect(statement).toMatchObject({
      Action: ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget"],
      Resource: [`arn:aws:application-autoscaling:${MOCK_REGION}:${MOCK_ACCOUNT}:scalable-target/*`],
      Condition: { StringEquals: { "application-autoscaling:scalable-dimension": ["ecs:service:DesiredCount"] } },
    });
  });

  it("grant the ingest function no Application Auto Scaling action: only the reconcile scales", () => {
    const ingest = inlinePolicyStatements(resourceNamed(app, "IngestRole")).flatMap(actionsOf);
    expect(ingest.filter((a) => a.startsWith("application-autoscaling:"))).toEqual([]);
  });

  it("let only the Lambda service assume the function role", () => {
    const trust = JSON.parse(resourceNamed(app, "ReconcileHandlerRole").inputs.assumeRolePolicy as string);
    expect(trust.Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
  });
});
