import {
  ConflictException,
  ContinueServiceDeploymentCommand,
  type ContinueServiceDeploymentCommandInput,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  InvalidParameterException,
  ListClustersCommand,
  ListServiceDeploymentsCommand,
  ListServicesCommand,
  type Service,
  type ServiceDeployment,
  ServiceDeploymentNotFoundException,
  type ServiceRevision,
  StopServiceDeploymentCommand,
  type StopServiceDeploymentCommandInput,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";

// A real ECSClient whose DescribeServices/UpdateService answer from one in-memory service, so
// the real EcsServiceGateway runs and tests assert on the calls it made.

export type FakeService = {
  cluster: string;
  service: string;
  desiredCount: number;
  deployments: {
    id: string;
    status: "PRIMARY" | "ACTIVE";
    taskDefinition: string;
    rolloutState: "IN_PROGRESS" | "COMPLETED" | "FAILED";
    createdAt: Date;
  }[];
  circuitBreaker?: { enable: boolean; rollback: boolean };
  tags?: Record<string, string>;
  capacityProviderStrategy?: { capacityProvider: string; base: number; weight: number }[];
  /** Defaults to desiredCount. */
  runningCount?: number;
  /** ECS when unset; CODE_DEPLOY and EXTERNAL reject a new task definition or strategy, as ECS does. */
  deploymentController?: "ECS" | "CODE_DEPLOY" | "EXTERNAL";
  /** ROLLING when unset. */
  strategy?: "ROLLING" | "BLUE_GREEN" | "LINEAR" | "CANARY";
  alarms?: { alarmNames: string[]; enable: boolean; rollback: boolean };
  /** Defaults to 0. */
  pendingCount?: number;
  /** The service deployments ECS keeps (newest first), as DescribeServiceDeployments shows them. */
  serviceDeployments?: ServiceDeployment[];
  serviceRevisions?: ServiceRevision[];
};

export function fakeEcs(initial: FakeService) {
  const state = structuredClone(initial);
  const updates: UpdateServiceCommandInput[] = [];
  /** The UpdateService calls that changed the service (a new deployment, count or strategy). */
  const changes: { input: UpdateServiceCommandInput; deploymentId: string | undefined }[] = [];
  let next = 9000;
  const client = new ECSClient({ region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const mock = mockClient(client);
  const describe = (): Service => {
    const primary = state.deployments.find((d) => d.status === "PRIMARY")!;
    return {
      serviceName: state.service,
      serviceArn: `arn:aws:ecs:us-east-1:111122223333:service/${state.cluster}/${state.service}`,
      status: "ACTIVE",
      desiredCount: state.desiredCount,
      runningCount: state.runningCount ?? state.desiredCount,
      pendingCount: state.pendingCount ?? 0,
      taskDefinition: primary.taskDefinition,
      capacityProviderStrategy: state.capacityProviderStrategy ?? [],
      deploymentConfiguration: {
        ...(state.circuitBreaker ? { deploymentCircuitBreaker: state.circuitBreaker } : {}),
        ...(state.strategy ? { strategy: state.strategy } : {}),
        ...(state.alarms ? { alarms: state.alarms } : {}),
      },
      ...(state.deploymentController ? { deploymentController: { type: state.deploymentController } } : {}),
      deployments: state.deployments.map((d) => ({
        ...d,
        desiredCount: state.desiredCount,
        runningCount: 0,
        failedTasks: 0,
      })),
      tags: Object.entries(state.tags ?? {}).map(([key, value]) => ({ key, value })),
    };
  };
  mock.on(DescribeServicesCommand).callsFake(async () => ({ services: [describe()], failures: [] }));
  mock
    .on(ListClustersCommand)
    .resolves({ clusterArns: [`arn:aws:ecs:us-east-1:111122223333:cluster/${state.cluster}`] });
  mock.on(ListServicesCommand).callsFake(async () => ({ serviceArns: [describe().serviceArn!] }));
  mock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { cpu: "1024", memory: "2048" } });
  mock.on(UpdateServiceCommand).callsFake(async (input: UpdateServiceCommandInput) => {
    updates.push(input);
    const controller = state.deploymentController ?? "ECS";
    if (controller !== "ECS" && (input.taskDefinition || input.capacityProviderStrategy)) {
      throw new InvalidParameterException({
        message: `Unable to update task definition on services with a ${controller} deployment controller.`,
        $metadata: {},
      });
    }
    const before = JSON.stringify(state);
    const current = state.deployments.find((d) => d.status === "PRIMARY")!;
    if (input.forceNewDeployment || (input.taskDefinition && input.taskDefinition !== current.taskDefinition)) {
      for (const d of state.deployments) d.status = "ACTIVE";
      next += 1;
      state.deployments.unshift({
        id: `ecs-svc/${next}`,
        status: "PRIMARY",
        taskDefinition: input.taskDefinition ?? current.taskDefinition,
        rolloutState: "IN_PROGRESS",
        createdAt: new Date(),
      });
    }
    if (input.desiredCount !== undefined) state.desiredCount = input.desiredCount;
    if (input.capacityProviderStrategy)
      state.capacityProviderStrategy = input.capacityProviderStrategy.map((c) => ({
        capacityProvider: c.capacityProvider!,
        base: c.base ?? 0,
        weight: c.weight ?? 0,
      }));
    if (JSON.stringify(state) !== before)
      changes.push({
        input,
        deploymentId:
          state.deployments[0]!.id === JSON.parse(before).deployments[0]?.id ? undefined : state.deployments[0]!.id,
      });
    return { service: describe() };
  });
  const deploymentCalls = serviceDeploymentCalls(mock, state);
  return { client, state, updates, changes, mock, ...deploymentCalls };
}

const ACTIVE_STATUSES = ["PENDING", "IN_PROGRESS"];

/**
 * The service deployment calls, answered from `state.serviceDeployments`/`serviceRevisions`:
 * one page, unknown ARNs as failures, a stop of a deployment not in progress refused with
 * ConflictException as ECS does; stops and continues are recorded for tests to assert on.
 */
function serviceDeploymentCalls(mock: ReturnType<typeof mockClient>, state: FakeService) {
  const stops: StopServiceDeploymentCommandInput[] = [];
  const continues: ContinueServiceDeploymentCommandInput[] = [];
  const deployments = () => state.serviceDeployments ?? [];
  const find = (arn: string | undefined) => {
    const found = deployments().find((d) => d.serviceDeploymentArn === arn);
    if (!found) throw new ServiceDeploymentNotFoundException({ message: "not found", $metadata: {} });
    return found;
  };
  mock.on(ListServiceDeploymentsCommand).callsFake(async (input: { status?: string[] }) => ({
    serviceDeployments: deployments()
      .filter((d) => !input.status || input.status.includes(d.status!))
      .map((d) => ({ ...d, targetServiceRevisionArn: d.targetServiceRevision?.arn })),
  }));
  mock.on(DescribeServiceDeploymentsCommand).callsFake(async (input: { serviceDeploymentArns: string[] }) => ({
    serviceDeployments: deployments().filter((d) => input.serviceDeploymentArns.includes(d.serviceDeploymentArn!)),
    failures: input.serviceDeploymentArns
      .filter((arn) => !deployments().some((d) => d.serviceDeploymentArn === arn))
      .map((arn) => ({ arn, reason: "MISSING" })),
  }));
  mock.on(DescribeServiceRevisionsCommand).callsFake(async (input: { serviceRevisionArns: string[] }) => ({
    serviceRevisions: (state.serviceRevisions ?? []).filter((r) =>
      input.serviceRevisionArns.includes(r.serviceRevisionArn!),
    ),
    failures: input.serviceRevisionArns
      .filter((arn) => !(state.serviceRevisions ?? []).some((r) => r.serviceRevisionArn === arn))
      .map((arn) => ({ arn, reason: "MISSING" })),
  }));
  mock.on(StopServiceDeploymentCommand).callsFake(async (input: StopServiceDeploymentCommandInput) => {
    stops.push(input);
    const sd = find(input.serviceDeploymentArn);
    if (!ACTIVE_STATUSES.includes(sd.status!))
      throw new ConflictException({ message: `The service deployment is ${sd.status}.`, $metadata: {} });
    sd.status = input.stopType === "ABORT" ? "STOP_REQUESTED" : "ROLLBACK_REQUESTED";
    return { serviceDeploymentArn: sd.serviceDeploymentArn };
  });
  mock.on(ContinueServiceDeploymentCommand).callsFake(async (input: ContinueServiceDeploymentCommandInput) => {
    continues.push(input);
    return { serviceDeploymentArn: find(input.serviceDeploymentArn).serviceDeploymentArn };
  });
  return { stops, continues };
}
