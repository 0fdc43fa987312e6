/// <reference path="../../../.sst/platform/config.d.ts" />
import { FUNCTION_DEFAULTS, functionPackage, type IngestDependencies } from "./functions.ts";
import {
  ecsDescribeTaskDefinitions,
  ecsReadDeploymentHistory,
  ecsReadServices,
  historyTableAccess,
  lambdaOnlyTrust,
  publishNotifications,
} from "./permissions.ts";

/**
 * ECS invokes the hook synchronously and waits for its answer, so there are no asynchronous
 * retries and no dead-letter queue: a failed invocation is an answer ECS rolls back on, which
 * the handler never gives (functions/deployment-hook.ts). 30 s covers the SDK's own retries of
 * one DynamoDB and one ECS read and a few writes; the hook holds no lock.
 */
export const DEPLOYMENT_HOOK_TIMEOUT_SECONDS = 30;

export type DeploymentHookDependencies = Pick<
  IngestDependencies,
  "scope" | "table" | "topic" | "deadLetters" | "config"
>;

/** The lifecycle-hook Lambda, and the role ECS assumes to invoke it (both outputs of the stack). */
export function createDeploymentHook(deps: DeploymentHookDependencies) {
  const fn = new sst.aws.Function("DeploymentHook", {
    ...FUNCTION_DEFAULTS,
    handler: "functions/deployment-hook.handler",
    timeout: `${DEPLOYMENT_HOOK_TIMEOUT_SECONDS} seconds`,
    ...functionPackage(deps),
    // It reads the history and ECS and records its answers: never UpdateService (ECS rolls back).
    permissions: [
      historyTableAccess(deps.table),
      publishNotifications(deps.topic),
      ecsReadServices(deps.scope),
      // Which ecs-svc deployment an invocation's service deployment and revision are.
      ecsReadDeploymentHistory(deps.scope, { list: false }),
      ecsDescribeTaskDefinitions(),
    ],
    transform: { role: lambdaOnlyTrust() },
  });
  const invokeRole = new aws.iam.Role("DeploymentHookInvokeRole", {
    description: "Assumed by Amazon ECS to invoke the guardrails' deployment lifecycle hook",
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
    inlinePolicies: [
      {
        name: "invoke-deployment-hook",
        policy: $jsonStringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [fn.arn] }],
        }),
      },
    ],
  });
  return { fn, invokeRole };
}
