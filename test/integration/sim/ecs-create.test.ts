import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario } from "@ecs-guardrails/cli/scenario-file";
import { applyScenario } from "@ecs-guardrails/sim/create-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isDeploymentEvent, startWorld } from "./world.ts";
import type { World } from "./world.ts";

// Building a world through the ECS API, as a user does with the AWS CLI after `npm start -- --no-demo`.

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

/** Keys in the raw reply that the SDK's parsed output lost (a misspelt or misplaced field). */
function lostBySdk(raw: unknown, parsed: unknown, at = ""): string[] {
  if (raw === null || typeof raw !== "object" || parsed instanceof Date) return [];
  return Object.entries(raw as Record<string, unknown>).flatMap(([key, value]) => {
    const out = (parsed as Record<string, unknown> | undefined)?.[key];
    const here = at ? `${at}.${key}` : key;
    return value !== null && out === undefined ? [here] : lostBySdk(value, out, here);
  });
}
const rawReply = (operation: string) =>
  JSON.parse(world.calls.filter((c) => c.operation === operation).at(-1)!.response) as unknown;

async function createShop() {
  await world.ecs.send(new CreateClusterCommand({ clusterName: "shop", tags: [{ key: "team", value: "checkout" }] }));
  await world.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: "cart",
      cpu: "512",
      memory: "1024",
      containerDefinitions: [{ name: "app", image: "nginx:1.27", essential: true }],
    }),
  );
}

describe("CreateCluster", () => {
  it("answers the cluster with its ARN, status and tags, every field read by the SDK", async () => {
    const out = await world.ecs.send(
      new CreateClusterCommand({ clusterName: "shop", tags: [{ key: "team", value: "checkout" }] }),
    );

    expect(out.cluster).toMatchObject({
      clusterArn: "arn:aws:ecs:us-east-1:111122223333:cluster/shop",
      clusterName: "shop",
      status: "ACTIVE",
      activeServicesCount: 0,
      tags: [{ key: "team", value: "checkout" }],
    });
    expect(lostBySdk(rawReply("CreateCluster"), out)).toEqual([]);
  });

  it("returns the existing cluster when asked twice, as ECS does", async () => {
    await world.ecs.send(new CreateClusterCommand({ clusterName: "shop" }));
    const again = await world.ecs.send(new CreateClusterCommand({ clusterName: "shop" }));

    expect(again.cluster?.clusterArn).toMatch(/cluster\/shop$/);
  });

  it("refuses a name ECS refuses", async () => {
    await expect(world.ecs.send(new CreateClusterCommand({ clusterName: "my shop" }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
  });
});

describe("RegisterTaskDefinition", () => {
  it("registers the next revision of the family with the task's size and the container's image", async () => {
    await createShop();
    const out = await world.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: "cart",
        cpu: "256",
        memory: "512",
        containerDefinitions: [{ name: "web", image: "nginx:1.28" }],
      }),
    );

    expect(out.taskDefinition).toMatchObject({
      family: "cart",
      revision: 2,
      cpu: "256",
      memory: "512",
      status: "ACTIVE",
      containerDefinitions: [expect.objectContaining({ name: "web", image: "nginx:1.28" })],
    });
    expect(out.taskDefinition?.registeredAt).toBeInstanceOf(Date);
    expect(lostBySdk(rawReply("RegisterTaskDefinition"), out)).toEqual([]);
  });

  it("adds up the containers' sizes when the task names none", async () => {
    const out = await world.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: "pair",
        containerDefinitions: [
          { name: "a", image: "a", cpu: 128, memory: 256 },
          { name: "b", image: "b", cpu: 128, memory: 256 },
        ],
      }),
    );

    expect(out.taskDefinition).toMatchObject({ cpu: "256", memory: "512" });
  });

  it("refuses an empty container list with a ClientException", async () => {
    await expect(
      world.ecs.send(new RegisterTaskDefinitionCommand({ family: "cart", containerDefinitions: [] })),
    ).rejects.toMatchObject({ name: "ClientException" });
  });
});

describe("CreateService", () => {
  it("answers the service and rolls its first deployment out, emitting ECS's events", async () => {
    await createShop();

    const out = await world.ecs.send(
      new CreateServiceCommand({
        cluster: "shop",
        serviceName: "cart",
        taskDefinition: "cart",
        desiredCount: 2,
        tags: [{ key: "guardrails:auto-rollback", value: "on" }],
      }),
    );

    expect(out.service).toMatchObject({
      serviceName: "cart",
      clusterArn: expect.stringMatching(/cluster\/shop$/),
      desiredCount: 2,
      taskDefinition: expect.stringMatching(/task-definition\/cart:1$/),
      tags: [{ key: "guardrails:auto-rollback", value: "on" }],
    });
    expect(out.service?.deployments).toEqual([
      expect.objectContaining({ status: "PRIMARY", rolloutState: "IN_PROGRESS" }),
    ]);
    expect(lostBySdk(rawReply("CreateService"), out)).toEqual([]);

    expect(world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_COMPLETED"), 10 * 60_000)).toBeDefined();
    const described = await world.ecs.send(new DescribeServicesCommand({ cluster: "shop", services: ["cart"] }));
    expect(described.services?.[0]).toMatchObject({
      runningCount: 2,
      deployments: [expect.objectContaining({ rolloutState: "COMPLETED" })],
    });
    expect(
      (await world.ecs.send(new ListTasksCommand({ cluster: "shop", serviceName: "cart" }))).taskArns,
    ).toHaveLength(2);
  });

  it("refuses a cluster that was not created with ClusterNotFoundException", async () => {
    await expect(
      world.ecs.send(
        new CreateServiceCommand({ cluster: "nowhere", serviceName: "cart", taskDefinition: "cart", desiredCount: 1 }),
      ),
    ).rejects.toMatchObject({ name: "ClusterNotFoundException" });
  });

  it("refuses a task definition that was not registered, and a second service of the same name", async () => {
    await createShop();
    await expect(
      world.ecs.send(
        new CreateServiceCommand({ cluster: "shop", serviceName: "cart", taskDefinition: "nope", desiredCount: 1 }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    await world.ecs.send(
      new CreateServiceCommand({ cluster: "shop", serviceName: "cart", taskDefinition: "cart", desiredCount: 1 }),
    );
    await expect(
      world.ecs.send(
        new CreateServiceCommand({ cluster: "shop", serviceName: "cart", taskDefinition: "cart", desiredCount: 1 }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });
});

describe("CreateService's deployment circuit breaker", () => {
  /** cart:1 healthy, cart:2 crashing; cart created on cart:1 with `extra`, then moved to cart:2. */
  async function brokenUpdate(extra: Partial<ConstructorParameters<typeof CreateServiceCommand>[0]>) {
    await createShop();
    await world.ecs.send(
      new RegisterTaskDefinitionCommand({ family: "cart", containerDefinitions: [{ name: "app", image: "cart:2" }] }),
    );
    // A revision that never starts: what ECS's breaker counts (a crash after RUNNING it does not).
    world.sim.setFault({ taskDefinition: "cart:2" }, { kind: "image-pull" });
    const created = await world.ecs.send(
      new CreateServiceCommand({
        cluster: "shop",
        serviceName: "cart",
        taskDefinition: "cart:1",
        desiredCount: 4,
        ...extra,
      }),
    );
    world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_COMPLETED"), 10 * 60_000);
    await world.ecs.send(new UpdateServiceCommand({ cluster: "shop", service: "cart", taskDefinition: "cart:2" }));
    const failed = world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_FAILED"), 15 * 60_000);
    return { created: created.service!, failed };
  }

  it("is off when the request leaves it out, as ECS defaults it: a revision that never starts never fails", async () => {
    const { created, failed } = await brokenUpdate({});

    expect(created.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({ enable: false, rollback: false });
    expect(failed).toBeUndefined();
    const described = await world.ecs.send(new DescribeServicesCommand({ cluster: "shop", services: ["cart"] }));
    expect(described.services?.[0]?.deployments?.[0]).toMatchObject({ status: "PRIMARY", rolloutState: "IN_PROGRESS" });
  });

  it("fails and rolls back a revision that never starts when the request turns it on", async () => {
    const { created, failed } = await brokenUpdate({
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    });

    expect(created.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
    expect(failed).toBeDefined();
  });

  it("is absent from a CODE_DEPLOY service, described with its task sets instead of deployments", async () => {
    await createShop();
    const created = await world.ecs.send(
      new CreateServiceCommand({
        cluster: "shop",
        serviceName: "cart",
        taskDefinition: "cart",
        desiredCount: 2,
        deploymentController: { type: "CODE_DEPLOY" },
      }),
    );

    expect(created.service?.deploymentController).toEqual({ type: "CODE_DEPLOY" });
    expect(created.service?.deploymentConfiguration?.deploymentCircuitBreaker).toBeUndefined();
    expect(created.service?.deployments).toEqual([]);
    expect(created.service?.taskSets).toEqual([
      expect.objectContaining({ status: "PRIMARY", taskDefinition: expect.stringMatching(/cart:1$/) }),
    ]);
  });
});

describe("a --scenario of the same requests", () => {
  it("creates the clusters, revisions and services in order and arms the faults for new tasks", async () => {
    const made = applyScenario(world.sim, {
      clusters: [{ clusterName: "shop" }],
      taskDefinitions: [
        { family: "cart", containerDefinitions: [{ name: "app", image: "cart:1" }] },
        { family: "cart", containerDefinitions: [{ name: "app", image: "cart:2" }] },
      ],
      faults: [{ taskDefinition: "cart:2", fault: { kind: "crash", afterSeconds: 10, exitCode: 1 } }],
      services: [{ cluster: "shop", serviceName: "cart", taskDefinition: "cart:2", desiredCount: 1 }],
    });

    expect(made).toEqual({ clusters: 1, taskDefinitions: 2, services: 1 });
    world.sim.advance(2 * 60_000);
    const crashed = world.parsed().filter((e) => e.kind === "task" && e.lastStatus === "STOPPED");
    expect(crashed[0]).toMatchObject({ service: "cart", stop: { class: "crash" } });
  });
});

describe("the README's --scenario example", () => {
  it("loads and builds the service it describes, with its fault armed", async () => {
    const page = readFileSync(new URL("../../../docs/getting-started.md", import.meta.url), "utf8");
    const example = /--scenario shop\.json[\s\S]*?```json\n([\s\S]*?)```/.exec(page)?.[1];
    expect(example).toBeDefined();
    const file = join(mkdtempSync(join(tmpdir(), "guardrails-scenario-")), "shop.json");
    writeFileSync(file, example!);

    expect(loadScenario(file).apply(world.sim)).toBe(
      `Scenario ${file}: 1 clusters, 2 task definitions, 1 services created.`,
    );
    const described = await world.ecs.send(new DescribeServicesCommand({ cluster: "shop", services: ["cart"] }));
    expect(described.services?.[0]).toMatchObject({
      desiredCount: 10,
      taskDefinition: expect.stringMatching(/cart:1$/),
      // The example turns the breaker on, as the demo's services have it (CreateService defaults it off).
      deploymentConfiguration: expect.objectContaining({ deploymentCircuitBreaker: { enable: true, rollback: true } }),
    });
  });

  it("names the file and the request ECS refused, in one line", () => {
    const file = join(mkdtempSync(join(tmpdir(), "guardrails-scenario-")), "bad.json");
    writeFileSync(
      file,
      JSON.stringify({ services: [{ cluster: "nowhere", serviceName: "x", taskDefinition: "x", desiredCount: 1 }] }),
    );

    expect(() => loadScenario(file).apply(world.sim)).toThrow(
      `--scenario ${file}: ClusterNotFoundException: Cluster not found.`,
    );
    writeFileSync(file, JSON.stringify({ service: [] }));
    expect(() => loadScenario(file)).toThrow(
      `--scenario ${file}: unknown key service (expected clusters, taskDefinitions, services, faults, usage)`,
    );
  });
});
