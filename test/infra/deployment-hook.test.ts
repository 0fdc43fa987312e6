import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type EvaluatedApp, evaluateApp, resourceNamed, resourcesOfType, stateOf } from "../support/sst-harness.ts";
import { actionsOf, inlinePolicyStatements, resourcesOf } from "../support/sst-mocks-policies.ts";
import { neededActions } from "../support/sst-needed-actions.ts";

// The deployment lifecycle hook's function and the role ECS assumes to invoke it, evaluated
// from the real sst.config.ts under Pulumi mocks.

const ROOT = path.resolve(import.meta.dirname, "../..");
let app: EvaluatedApp;

beforeAll(async () => {
  app = await evaluateApp({ env: { GUARDRAILS_CONFIG_FILE: "does-not-exist.json" } });
});

describe("the deployment hook function", () => {
  it("runs functions/deployment-hook.handler on nodejs24.x, arm64, with a 30 s timeout", () => {
    expect(resourceNamed(app, "DeploymentHookFunction").inputs).toMatchObject({
      handler: "functions/deployment-hook.handler",
      runtime: "nodejs24.x",
      architectures: ["arm64"],
      timeout: 30,
    });
  });

  it("is granted exactly the actions its bundled code calls: reads of ECS, the history, the topic — never UpdateService", () => {
    const build = app.builds.find((b) => b.functionID === "DeploymentHook");
    const granted = [
      ...new Set(inlinePolicyStatements(resourceNamed(app, "DeploymentHookRole")).flatMap(actionsOf)),
    ].sort();

    // sts:AssumeRole is a hub's alone, granted by a policy of its own (packages/infra/src/hub.ts).
    expect(granted).toEqual(neededActions(ROOT, build!.inputs).filter((a) => a !== "sts:AssumeRole"));
    expect(granted).toEqual([
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
      "ecs:DescribeServiceDeployments",
      "ecs:DescribeServiceRevisions",
      "ecs:DescribeServices",
      "ecs:DescribeTaskDefinition",
      "sns:Publish",
    ]);
  });

  it("may be assumed by Lambda only, and has no asynchronous retries (ECS invokes it and waits)", () => {
    const trust = JSON.parse(resourceNamed(app, "DeploymentHookRole").inputs.assumeRolePolicy as string);

    expect(trust.Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    const configs = resourcesOfType(app, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").map(
      (r) => r.name,
    );
    expect(configs.some((name) => name.startsWith("DeploymentHook"))).toBe(false);
  });
});

describe("the role ECS assumes to invoke the hook", () => {
  it("trusts ecs.amazonaws.com only", () => {
    const trust = JSON.parse(resourceNamed(app, "DeploymentHookInvokeRole").inputs.assumeRolePolicy as string);

    expect(trust.Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
  });

  it("may invoke the hook function and nothing else", () => {
    const statements = inlinePolicyStatements(resourceNamed(app, "DeploymentHookInvokeRole"));

    expect(statements.map((s) => [actionsOf(s), resourcesOf(s)])).toEqual([
      [["lambda:InvokeFunction"], [stateOf(app, "DeploymentHookFunction").arn]],
    ]);
  });

  it("is an output of the stack, with the function's ARN", () => {
    expect(app.outputs).toMatchObject({
      deploymentHookRoleArn: stateOf(app, "DeploymentHookInvokeRole").arn,
      deploymentHookFunctionArn: stateOf(app, "DeploymentHookFunction").arn,
    });
  });
});
