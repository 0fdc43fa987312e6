/// <reference path="../../../.sst/platform/config.d.ts" />
import { allCustomActions } from "@ecs-guardrails/core/capabilities/chat-command/actions";
import { limitProblems } from "@ecs-guardrails/core/capabilities/chat-command/limits";
import type { ChatSettings } from "@ecs-guardrails/core/capabilities/chat-command/settings";
import { FUNCTION_DEFAULTS, functionPackage, type IngestDependencies, ouReads } from "./functions.ts";
import {
  ecsAnswerPausedDeployments,
  ecsDescribeTaskDefinitions,
  ecsReadDeploymentHistory,
  ecsReadServices,
  ecsRollbackServiceDeployments,
  ecsUpdateServices,
  historyTableAccess,
  lambdaOnlyTrust,
  publishNotifications,
} from "./permissions.ts";

// The chat commands (docs/capabilities/chat-command.md): one command function with the narrow
// permissions its code calls for; per configured channel, a Lambda alias and a role Amazon Q
// Developer assumes for the channel, allowed to invoke that alias and nothing else; and the
// custom actions (buttons and aliases), derived from the catalog.
//
// The Pulumi AWS provider SST bundles has no Chatbot custom-action resource, so the actions are
// deployed as a small CloudFormation stack (AWS::Chatbot::CustomAction) generated here.

/** Amazon Q invokes synchronously and shows the answer: a rollback or an answer takes a few calls. */
export const CHAT_COMMAND_TIMEOUT_SECONDS = 30;

export type ChatCommandDependencies = Pick<
  IngestDependencies,
  "scope" | "table" | "topic" | "deadLetters" | "config" | "clusters" | "organizationalUnits"
> & {
  settings: ChatSettings;
};

/** Nothing without a configured channel: no function holds permissions nobody may invoke. */
export function createChatCommand(deps: ChatCommandDependencies) {
  if (Object.keys(deps.settings.channels).length === 0) return undefined;
  const problems = limitProblems(allCustomActions(deps.settings).flatMap((c) => c.actions));
  // At deploy, in one line each, rather than as CloudFormation's rollback of the stack.
  if (problems.length > 0) throw new Error(`chat custom actions break Amazon Q's limits:\n  ${problems.join("\n  ")}`);
  const fn = new sst.aws.Function("ChatCommand", {
    ...FUNCTION_DEFAULTS,
    name: deps.settings.functionName,
    handler: "functions/chat-command.handler",
    timeout: `${CHAT_COMMAND_TIMEOUT_SECONDS} seconds`,
    ...functionPackage(deps),
    permissions: [
      historyTableAccess(deps.table),
      publishNotifications(deps.topic),
      ecsReadServices(deps.scope),
      ecsReadDeploymentHistory(deps.scope),
      ecsDescribeTaskDefinitions(),
      ecsUpdateServices(deps.scope, deps.clusters),
      ...ecsRollbackServiceDeployments(deps.scope, deps.clusters),
      ecsAnswerPausedDeployments(deps.scope, deps.clusters),
      // A command decides through the engine with the configuration settled for the account's OUs.
      ...ouReads(deps),
    ],
    transform: { role: lambdaOnlyTrust() },
  });
  const channels = allCustomActions(deps.settings).map(({ channel, actions }) => {
    const alias = new aws.lambda.Alias(`ChatCommand-${channel}`, {
      name: channel,
      functionName: fn.name,
      functionVersion: "$LATEST",
    });
    const role = new aws.iam.Role(`ChatChannel-${channel}`, {
      description: `Assumed by Amazon Q Developer for the chat channel ${channel}: invokes the guardrails' chat commands, nothing else`,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "chatbot.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
      inlinePolicies: [
        {
          name: "invoke-chat-commands",
          policy: $jsonStringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [alias.arn] }],
          }),
        },
      ],
    });
    return { channel, alias, role, actions };
  });
  const actions = channels.flatMap((c) => c.actions);
  const stack =
    actions.length > 0
      ? new aws.cloudformation.Stack("ChatCustomActions", {
          templateBody: JSON.stringify(customActionsTemplate(actions)),
        })
      : undefined;
  return { fn, channels, stack };
}

/** The CloudFormation template of the custom actions: one AWS::Chatbot::CustomAction each. */
export function customActionsTemplate(actions: ReturnType<typeof allCustomActions>[number]["actions"]) {
  const logicalId = (name: string) => name.replace(/[^A-Za-z0-9]/g, "");
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "ecs-guardrails chat commands: Amazon Q Developer custom actions",
    Resources: Object.fromEntries(
      actions.map((a) => [logicalId(a.ActionName), { Type: "AWS::Chatbot::CustomAction", Properties: a }]),
    ),
  };
}
