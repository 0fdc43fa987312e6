import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { AppAutoScalingTargets } from "../../packages/aws/src/autoscaling/scalable-targets.ts";
import { EcsDeploymentResolver } from "../../packages/aws/src/ecs/deployment-resolver.ts";
import { EcsServiceGateway } from "../../packages/aws/src/ecs/service-gateway.ts";
import { EcsServiceDeployments } from "../../packages/aws/src/ecs/service-deployments.ts";
import { DynamoDecisionStore } from "../../packages/aws/src/history/decision-store.ts";
import { dynamoEventArchive, dynamoTickArchive } from "../../packages/aws/src/history/event-archive.ts";
import { DynamoHistoryStore } from "../../packages/aws/src/history/dynamo-history-store.ts";
import { DEFAULT_RETENTION } from "../../packages/aws/src/history/retention.ts";
import { SnsNotifier } from "../../packages/aws/src/sns/sns-notifier.ts";
import { parseConfig } from "../../packages/core/src/config/load.ts";
import { namesOrganizationalUnits } from "../../packages/core/src/config/ou-scopes.ts";
import type { OrganizationParents } from "../../packages/core/src/engine/ports.ts";
import { configByAccount } from "../../packages/core/src/organization/ou-paths.ts";
import type { ConfigInput } from "../../packages/core/src/config/schema.ts";
import type { DeploymentRecord, ServiceState, TimelineEntry } from "../../packages/core/src/history/model.ts";
import { freshHistoryTable } from "../support/dynamodb.ts";
import { describeRangeChange, fakeAppAutoScaling, type FakeScalableTarget } from "../support/fake-app-autoscaling.ts";
import { fakeEcs, type FakeService } from "../support/fake-ecs.ts";
import { FaultInjector, type Fault } from "../support/faults.ts";
import { deliverAll, type Input, type LambdaDeps, type Outcome } from "../support/lambda.ts";

// One run of a scenario as deployed: the real use cases and adapters against a fresh table in
// DynamoDB Local, ECS and SNS answered in memory, every port and SDK client behind the fault
// injector, and Lambda's retries around every invocation.

export type Scenario = {
  id: string;
  title: string;
  config: ConfigInput;
  service: FakeService;
  /** The service's Application Auto Scaling scalable target, if it has one. */
  scalableTarget?: FakeScalableTarget;
  inputs: Input[];
  /** What must be true at the end of any run, faults or not: ECS and the history agree. */
  truths(run: Observed): string[];
};

export type Notice = { id: string; eventType: string; title: string };

/** What a run left behind, read without faults after it ended. */
export type Observed = {
  actions: string[];
  notices: Notice[];
  decisions: TimelineEntry[];
  timelineIds: string[];
  state: ServiceState | undefined;
  deployments: DeploymentRecord[];
  attention: boolean;
  ecs: FakeService;
  /** The ContinueServiceDeployment calls ECS took (a paused deployment's answers). */
  continues: { serviceDeploymentArn?: string | undefined; hookId?: string | undefined; action?: string | undefined }[];
  scalableTarget: FakeScalableTarget | undefined;
  outcomes: Outcome[];
  /** What is in the dead-letter queue at the end. */
  deadLetters: Outcome[];
  /** What was in it before `afterwards` ran (the same without it). */
  firstDeadLetters: Outcome[];
};

/** `scenarioCalls`: how many of `calls` the scenario's own inputs made (the rest: the schedule after it). */
export type Run = Observed & { calls: FaultInjector["calls"]; scenarioCalls: number; fired: FaultInjector["fired"] };

/** The reconcile's schedule (the infrastructure's default, every 5 minutes). */
export const TICK_EVERY_MS = 5 * 60_000;

/**
 * The schedule goes on after the scenario: two reconcile ticks, 5 and 10 minutes after its last
 * input (after Lambda's last retry). The reconcile isolates a failing service instead of
 * failing, so what a fault interrupted there is picked up by the next tick, not by a retry.
 */
export function settleTicks(inputs: Input[]): Input[] {
  const last = Math.max(...inputs.map((i) => Date.parse(i.at)));
  return [1, 2].map((n) => ({
    label: `schedule tick +${n * 5} min`,
    at: new Date(last + n * TICK_EVERY_MS).toISOString(),
    tick: true as const,
  }));
}

const TOPIC = "arn:aws:sns:us-east-1:111122223333:guardrails";
const HOME_ACCOUNT = "111122223333";
/** The prod OU home is below (fault scenarios scoped to OUs name it). */
export const PROD_OU = "ou-ab12-prod0000";
const ORGANIZATION: OrganizationParents = {
  parentOf: async (child) => (child === HOME_ACCOUNT ? { id: PROD_OU, root: false } : { id: "r-ab12", root: true }),
};
const SERVICES = {
  history: "DynamoDB",
  store: "DynamoDB",
  deployments: "ECS",
  ecs: "ECS",
  serviceDeployments: "ECS",
  timeline: "DynamoDB",
  archive: "DynamoDB",
  ticks: "DynamoDB",
  notifier: "SNS",
  scalableTargets: "ApplicationAutoScaling",
} as const;

export type RunOptions = {
  fault?: Fault;
  duplicates?: boolean | "concurrent";
  /**
   * After the scenario, the fault lifted: what is delivered next, given what ended in the
   * dead-letter queue (a person redriving it, the next reconcile tick).
   */
  afterwards?: (deadLetters: Outcome[]) => Input[];
};

export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<Run> {
  const injector = new FaultInjector({ ...(options.fault ? { fault: options.fault } : {}), services: SERVICES });
  const { client, tableName } = await freshHistoryTable();
  const ecs = fakeEcs(scenario.service);
  const aas = fakeAppAutoScaling(ecs.state, scenario.scalableTarget);
  const sns = new SNSClient({ region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const snsMock = mockClient(sns);
  snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
  const config = parseConfig(scenario.config);
  const dynamo = injector.wrapClient(client, "DynamoDB");
  const ecsClient = injector.wrapClient(ecs.client, "ECS");
  const history = new DynamoHistoryStore({ client: dynamo, tableName });
  const store = new DynamoDecisionStore({ client: dynamo, tableName, reads: history, retention: DEFAULT_RETENTION });
  const deps: LambdaDeps = {
    config,
    history,
    deployments: new EcsDeploymentResolver(ecsClient),
    store,
    // Hook state changes are kept through the ledger's once-per-event write, as deployed.
    timeline: store,
    // Every envelope kept for `guardrails export`, as deployed: a port call of every event.
    archive: dynamoEventArchive(dynamo, tableName),
    // Each reconcile run's time kept beside them, as deployed: a port call of every tick.
    ticks: dynamoTickArchive(dynamo, tableName),
    ecs: new EcsServiceGateway(ecsClient),
    serviceDeployments: new EcsServiceDeployments(ecsClient),
    notifier: new SnsNotifier({
      client: injector.wrapClient(sns, "SNS"),
      topicArn: TOPIC,
      minSeverity: config.notifications.minSeverity,
    }),
    scalableTargets: new AppAutoScalingTargets(injector.wrapClient(aas.client, "ApplicationAutoScaling")),
    clock: { now: () => new Date(0) },
  };
  // Rules scoped to OUs: the ingest asks for the account's configuration through this port
  // (a port call of every deciding event, faulted like the others); the organization is in
  // memory, home below the prod OU. Organizations is no service of the injector's: a throttle
  // there is a generic ThrottlingException.
  if (namesOrganizationalUnits(config))
    deps.ouScopes = configByAccount(
      config,
      { parents: ORGANIZATION, clock: { now: () => new Date(0) }, ledger: store, notifier: deps.notifier },
      HOME_ACCOUNT,
    );
  const first = await deliverAll(scenario.inputs, { deps, injector, duplicates: options.duplicates ?? false });
  const scenarioCalls = injector.calls.length;
  // A lasting fault lasts through the schedule's ticks too; a one-off fault has fired by now.
  const settled = await deliverAll(settleTicks(scenario.inputs), { deps, injector });
  let outcomes = [...first.outcomes, ...settled.outcomes];
  let deadLetters = [...first.deadLetters, ...settled.deadLetters];
  if (options.afterwards) {
    injector.lift();
    const next = await deliverAll(options.afterwards(first.deadLetters), { deps, injector });
    outcomes = [...outcomes, ...next.outcomes];
    deadLetters = next.deadLetters;
  }
  // Read back through unwrapped adapters: the checks themselves never fault.
  const reader = new DynamoHistoryStore({ client, tableName });
  const readerStore = new DynamoDecisionStore({ client, tableName, reads: reader, retention: DEFAULT_RETENTION });
  const ref = { cluster: scenario.service.cluster, service: scenario.service.service };
  const timeline = await fullTimeline(reader, ref);
  const observed: Observed = {
    actions: [
      ...ecs.changes.map(({ input }) => describeChange(input)),
      ...ecs.stops.map(
        (s) => `stop ${s.serviceDeploymentArn?.slice(s.serviceDeploymentArn.lastIndexOf("/") + 1)} ${s.stopType}`,
      ),
      ...aas.changes.map(describeRangeChange),
    ],
    notices: snsMock.commandCalls(PublishCommand).map((c) => {
      const body = JSON.parse(c.args[0].input.Message!) as {
        id: string;
        content: { title: string };
        metadata: { eventType: string };
      };
      return { id: body.id, eventType: body.metadata.eventType, title: body.content.title };
    }),
    decisions: timeline.filter((e) => e.type === "decision"),
    timelineIds: timeline.filter((e) => e.type !== "decision").map((e) => e.eventId),
    state: await reader.getServiceState(ref),
    deployments: await reader.listDeployments(ref),
    attention: (await readerStore.servicesNeedingAttention("spot-fallback")).some((r) => r.service === ref.service),
    ecs: structuredClone(ecs.state),
    continues: structuredClone(ecs.continues),
    scalableTarget: structuredClone(aas.state.target),
    outcomes,
    deadLetters,
    firstDeadLetters: [...first.deadLetters, ...settled.deadLetters],
  };
  return { ...observed, calls: injector.calls, scenarioCalls, fired: injector.fired };
}

async function fullTimeline(
  reader: DynamoHistoryStore,
  ref: { cluster: string; service: string },
): Promise<TimelineEntry[]> {
  const out: TimelineEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await reader.timeline(ref, { limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

function describeChange(input: {
  taskDefinition?: string | undefined;
  capacityProviderStrategy?:
    | { capacityProvider?: string | undefined; base?: number | undefined; weight?: number | undefined }[]
    | undefined;
  desiredCount?: number | undefined;
}): string {
  const parts: string[] = [];
  if (input.taskDefinition)
    parts.push(`task definition ${input.taskDefinition.slice(input.taskDefinition.lastIndexOf("/") + 1)}`);
  if (input.capacityProviderStrategy)
    parts.push(
      `strategy ${input.capacityProviderStrategy.map((c) => `${c.capacityProvider} base ${c.base ?? 0} weight ${c.weight ?? 0}`).join(", ")}`,
    );
  if (input.desiredCount !== undefined) parts.push(`desired count ${input.desiredCount}`);
  return parts.length ? parts.join("; ") : "new deployment of the same configuration";
}
