import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EcsDeploymentHistoryReader } from "../../../packages/aws/src/ecs/deployment-history.ts";
import { EcsServiceGateway } from "../../../packages/aws/src/ecs/service-gateway.ts";
import { DynamoDecisionStore } from "../../../packages/aws/src/history/decision-store.ts";
import { serviceSeed } from "../../../packages/cli/src/replay/service-seed.ts";
import { ArchiveReads } from "../../../packages/aws/src/history/archive-reads.ts";
import { DEFAULT_RETENTION } from "../../../packages/aws/src/history/retention.ts";
import { importServiceHistory } from "../../../packages/core/src/engine/import-history.ts";
import { freshStore } from "../../support/history.ts";
import { isDeploymentEvent, startWorld, webService, type World } from "../sim/world.ts";

// The import end to end: the real adapters against the simulated ECS (its service deployments
// and revisions over the SDK) and DynamoDB Local.

const svc = { cluster: "prod", service: "web" };
const HOUR = 3_600_000;
const HISTORY_CALLS = new Set(["ListServiceDeployments", "DescribeServiceDeployments", "DescribeServiceRevisions"]);
let world: World;

beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

async function importer() {
  const { store: history, client, tableName } = await freshStore();
  const ledger = new DynamoDecisionStore({ client, tableName, reads: history, retention: DEFAULT_RETENTION });
  const gateway = new EcsServiceGateway(world.ecs);
  const run = async () => {
    const described = await gateway.describeService(svc);
    return importServiceHistory(
      svc,
      {
        ecsHistory: new EcsDeploymentHistoryReader(world.ecs),
        ledger,
        history,
        clock: { now: () => new Date(world.clock.now()) },
      },
      described?.deployments ?? [],
      described,
    );
  };
  return { history, run, archive: new ArchiveReads(client, tableName) };
}

const historyCalls = () => world.calls.filter((c) => HISTORY_CALLS.has(c.operation)).map((c) => c.operation);

describe("importing a service's history from the simulated ECS", () => {
  it("records its deployments and known-good revision in the history, in three ECS calls, once", async () => {
    webService(world, { desiredCount: 2 });
    world.sim.advance(HOUR);
    await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web:2" }));
    world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_COMPLETED"), HOUR);
    const { history, run } = await importer();

    await run();
    await run();

    expect(historyCalls()).toEqual([
      "ListServiceDeployments",
      "DescribeServiceDeployments",
      "DescribeServiceRevisions",
    ]);
    const state = await history.getServiceState(svc);
    expect(state?.imported).toMatchObject({ status: "imported", deployments: 2, calls: 3, capped: false });
    expect(state?.knownGoodRevision?.config.taskDefinition).toMatch(/task-definition\/web:2$/);
    expect(state?.knownGoodRevision?.serviceRevisionArn).toMatch(/:service-revision\/prod\/web\/\d{19}$/);
    // The revision's id is not the deployment's: the ecs-svc id was found through DescribeServices.
    const primary = (await new EcsServiceGateway(world.ecs).describeService(svc))?.deployments[0]?.id;
    expect(state?.knownGoodRevision?.deploymentId).toBe(primary);
    expect(primary?.slice("ecs-svc/".length)).not.toBe(state?.knownGoodRevision?.serviceRevisionArn.split("/").at(-1));
    expect(state?.lastKnownGoodTaskDefinition).toMatch(/web:2$/);
    const records = await history.listDeployments(svc);
    expect(records.map((r) => [r.source, r.outcome, r.taskDefinitionArn?.split("/")[1]])).toEqual(
      expect.arrayContaining([
        ["imported", "completed", "web:2"],
        ["imported", "completed", "web:1"],
      ]),
    );
    const { items } = await history.timeline(svc);
    expect(items.map((e) => e.summary)).toEqual([expect.stringContaining("imported 2 deployment(s)")]);
  });

  it("keeps the service as first seen once, for an export whose range holds that first sight", async () => {
    webService(world, { desiredCount: 2 });
    world.sim.advance(HOUR);
    await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web:2" }));
    world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_COMPLETED"), HOUR);
    const { run, archive } = await importer();
    const seen = new Date(world.clock.now());

    await run();
    await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", desiredCount: 5 }));
    await run();

    const range = (from: number) => ({ from: new Date(from).toISOString(), to: new Date(from + HOUR).toISOString() });
    const [kept] = await archive.seeds([svc], range(seen.getTime() - 60_000));
    const seed =
      kept && (serviceSeed(kept.service, kept.knownGood, kept.drained) as unknown as Record<string, unknown>);
    // The first sight's count, not the later one: the seed is written once.
    expect(seed).toMatchObject({
      cluster: "prod",
      name: "web",
      desiredCount: 2,
      deploymentController: { type: "ECS" },
    });
    expect(String(seed?.["taskDefinition"])).toMatch(/web:2$/);
    // The deployments DescribeServices listed then, as replay seeds them, and web:1's that had
    // drained (only ECS's history named it): what web:2 replaced, with its revision.
    expect(seed?.["deployments"]).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^ecs-svc\//),
        status: "PRIMARY",
        rolloutState: "COMPLETED",
      }),
      expect.objectContaining({
        id: expect.stringContaining(":service-deployment/prod/web/"),
        taskDefinition: expect.stringMatching(/web:1$/),
        status: "INACTIVE",
        rolloutState: "COMPLETED",
      }),
    ]);
    // A first sight before the range no longer describes where the range starts.
    expect(await archive.seeds([svc], range(seen.getTime() + 60_000))).toEqual([]);
  });

  it("records ECS's circuit-breaker rollback as ECS's, and keeps the known-good on the revision it returned to", async () => {
    webService(world, { desiredCount: 2 });
    world.sim.setFault({ taskDefinition: "web:2" }, { kind: "image-pull" });
    await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web:2" }));
    world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_FAILED"), 2 * HOUR);
    world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_COMPLETED"), HOUR);
    const { history, run } = await importer();

    await run();

    const records = await history.listDeployments(svc);
    expect(records.find((r) => r.rolledBackBy === "ecs")?.taskDefinitionArn).toMatch(/web:2$/);
    expect((await history.getServiceState(svc))?.knownGoodRevision?.config.taskDefinition).toMatch(/web:1$/);
  });
});
