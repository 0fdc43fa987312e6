/// <reference path="../../../.sst/platform/config.d.ts" />
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { namesOrganizationalUnits } from "@ecs-guardrails/core/config/ou-scopes";
import { subscriptions } from "@ecs-guardrails/core/events/patterns";
import { createHealthAlarms } from "./alarms.ts";
import { shipConfig } from "./config-file.ts";
import { createChatCommand } from "./chat-command.ts";
import { createDeploymentHook } from "./deployment-hook.ts";
import { createHub } from "./hub.ts";
import { createIngestFunction } from "./functions.ts";
import { createPipelineFunction } from "./pipeline.ts";
import type { GuardrailsOptions } from "./options.ts";
import { createDeadLetterQueue } from "./queue.ts";
import { createReconcile } from "./reconcile.ts";
import { createRightSizing } from "./rightsizing.ts";
import { currentScope, defaultBusArn } from "./scope.ts";
import { subscribeToDefaultBus } from "./subscriptions.ts";
import { createHistoryTable } from "./table.ts";
import { createNotificationsTopic } from "./topic.ts";

export { guardrailsOptionsFromFile, type GuardrailsOptions } from "./options.ts";

/** Declares every resource of the app; sst.config.ts `run()` returns what this returns. */
export function createGuardrails(options: GuardrailsOptions = {}) {
  const scope = currentScope();
  const table = createHistoryTable();
  const topic = createNotificationsTopic();
  const deadLetters = createDeadLetterQueue();

  const config = shipConfig(options.config);
  // Rules scoped to OUs: the ingest and the reconcile may read the organization's tree.
  const organizationalUnits = namesOrganizationalUnits(options.config ?? parseConfig({}));
  const shared = { scope, table, topic, deadLetters, config, clusters: options.clusters ?? [], organizationalUnits };

  const ingest = createIngestFunction(shared);
  subscribeToDefaultBus(defaultBusArn(scope), "Ingest", ingest, subscriptions.ingest);

  const pipeline = createPipelineFunction(shared);

  const reconcile = createReconcile({
    ...shared,
    hub: options.organization !== undefined,
    ...(options.reconcileEveryMinutes !== undefined ? { everyMinutes: options.reconcileEveryMinutes } : {}),
  });

  const rightSizing = createRightSizing({
    ...shared,
    ...(options.config ? { settings: options.config.policies["right-sizing"] } : {}),
  });
  const hook = createDeploymentHook(shared);
  const chat = createChatCommand({ ...shared, settings: (options.config ?? parseConfig({})).chat });
  // THE list of the functions whose code assumes the member role (functions/lib/members.ts
  // memberWiring) to act in member accounts, one line each. Each gets sts:AssumeRole on that
  // role, and the member role grants the ECS, Application Auto Scaling and CloudWatch actions of
  // their code (test/infra/hub.test.ts and member-role.test.ts derive both from the bundles).
  const memberActors = {
    // acts on a member's events
    Ingest: ingest,
    // ticks across members
    ReconcileHandler: reconcile.nodes.function,
    // sizes members' services
    RightSizing: rightSizing.fn,
    // gates and verifies a release to a member's service (its ARN in UserParameters)
    Pipeline: pipeline,
    // judges a member's service's deployment (the invocation's service ARN)
    DeploymentHook: hook.fn,
    // a button on a member's notice acts in that member
    ...(chat ? { ChatCommand: chat.fn } : {}),
  };
  const hub = options.organization ? createHub(options.organization, { scope, ingest, actors: memberActors }) : {};
  createHealthAlarms({
    topic,
    deadLetters,
    functions: {
      Ingest: ingest.name,
      Pipeline: pipeline.name,
      Reconcile: reconcile.nodes.function.name,
      RightSizing: rightSizing.fn.name,
      DeploymentHook: hook.fn.name,
    },
    pipelineFunction: pipeline.name,
    hookFunction: hook.fn.name,
  });

  return {
    historyTableName: table.name,
    notificationsTopicArn: topic.arn,
    deadLetterQueueUrl: deadLetters.url,
    ingestFunctionName: ingest.name,
    reconcileFunctionName: reconcile.nodes.function.name,
    rightSizingFunctionName: rightSizing.fn.name,
    /** For a service's deploymentConfiguration.lifecycleHooks: hookTargetArn and roleArn (docs/capabilities/deployment-hook.md). */
    deploymentHookFunctionArn: hook.fn.arn,
    deploymentHookRoleArn: hook.invokeRole.arn,
    /** The Lambda invoke actions' FunctionName (gate and verify). */
    pipelineFunctionName: pipeline.name,
    ...hub,
    /** Per chat channel: the role to give its Amazon Q Developer channel configuration (docs/capabilities/chat-command.md). */
    ...(chat ? { chatChannelRoleArns: Object.fromEntries(chat.channels.map((c) => [c.channel, c.role.arn])) } : {}),
  };
}
