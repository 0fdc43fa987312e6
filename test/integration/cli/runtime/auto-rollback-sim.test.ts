import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import { startStack, type LocalStack } from "../../../../packages/cli/src/runtime/stack.ts";

// The local runtime end to end: a release changes the revision, its capacity provider strategy
// and its network at once, and its tasks crash. While it is still in progress the guardrails
// stop it with ROLLBACK: ECS (the simulator) returns to the source revision — task definition,
// Spot strategy and subnets — in the same service deployment, which records ROLLBACK_*.

const START = Date.parse("2026-11-20T10:00:00Z");
const minutes = (m: number) => m * 60_000;
const SPOT = [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }];
const ON_DEMAND = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
const network = (subnet: string) => ({ awsvpcConfiguration: { subnets: [subnet], securityGroups: ["sg-web"] } });
let stack: LocalStack;
let ecs: ECSClient;
const decisions: string[] = [];

beforeAll(async () => {
  const config = parseConfig({ policies: { "auto-rollback": { mode: "enforce" } } });
  const record = (r: { results: { duplicate: boolean; decision: { key: string }; record: { verdict: string } }[] }) =>
    r.results.filter((d) => !d.duplicate).forEach((d) => decisions.push(`${d.decision.key}:${d.record.verdict}`));
  stack = await startStack({
    config,
    start: START,
    simulatorEmits: true,
    scheduleReconcile: true,
    onResult: record,
    onReconcile: record,
  });
  ecs = new ECSClient({
    endpoint: stack.endpoints.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  stack.sim.registerTaskDefinition({ family: "web", revision: 41, cpu: 256, memory: 512 });
  stack.sim.registerTaskDefinition({ family: "web", revision: 42, cpu: 256, memory: 512 });
  stack.sim.addService({
    cluster: "prod",
    name: "web",
    taskDefinition: "web:41",
    desiredCount: 2,
    capacityProviderStrategy: SPOT,
    networkConfiguration: network("subnet-a"),
    // No circuit breaker: ECS would roll back by itself, and the guardrails leave that to it.
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } },
  });
  stack.sim.setFault({ taskDefinition: "web:42" }, { kind: "crash", afterSeconds: 20 });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const service = async () =>
  (await ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }))).services![0]!;

describe("a release that changes the revision, the strategy and the network, and crashes", () => {
  it("is stopped with ROLLBACK while in progress, and ECS returns to all of the source revision", async () => {
    await stack.advance(minutes(1));
    await ecs.send(
      new UpdateServiceCommand({
        cluster: "prod",
        service: "web",
        taskDefinition: "web:42",
        capacityProviderStrategy: ON_DEMAND,
        networkConfiguration: network("subnet-c"),
        forceNewDeployment: true,
      }),
    );
    await stack.advance(minutes(8));

    expect(decisions.filter((d) => d.startsWith("auto-rollback#rollback#"))).toEqual([
      expect.stringMatching(/:acted$/),
    ]);
    const [bad] = (await ecs.send(new ListServiceDeploymentsCommand({ cluster: "prod", service: "web" })))
      .serviceDeployments!;
    const described = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [bad!.serviceDeploymentArn!] }),
    );
    const stopped = described.serviceDeployments![0]!;
    expect(stopped.status).toMatch(/^ROLLBACK_(IN_PROGRESS|SUCCESSFUL)$/);
    // ECS returned to the source revision, which holds the Spot strategy and the old subnet.
    expect(stopped.rollback?.serviceRevisionArn).toBe(stopped.sourceServiceRevisions![0]!.arn);
    const [returned] = (
      await ecs.send(
        new DescribeServiceRevisionsCommand({ serviceRevisionArns: [stopped.rollback!.serviceRevisionArn!] }),
      )
    ).serviceRevisions!;
    expect(returned).toMatchObject({ capacityProviderStrategy: SPOT, networkConfiguration: network("subnet-a") });
    const now = await service();
    expect(now.taskDefinition).toMatch(/web:41$/);
    expect(now.capacityProviderStrategy).toEqual(SPOT);
  });

  it("never rolls back twice: no deployment of its own besides ECS's rollback", async () => {
    await stack.advance(minutes(10));

    const listed = (await ecs.send(new ListServiceDeploymentsCommand({ cluster: "prod", service: "web" })))
      .serviceDeployments!;
    expect(listed.map((d) => d.status)).toEqual(["ROLLBACK_SUCCESSFUL", "SUCCESSFUL"]);
    expect(decisions.filter((d) => d.startsWith("auto-rollback#rollback#"))).toHaveLength(1);
  });
});
