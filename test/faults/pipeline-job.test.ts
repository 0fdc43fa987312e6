import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodePipelineJobResults } from "../../packages/aws/src/codepipeline/job-results.ts";
import { DynamoPipelineStore } from "../../packages/aws/src/codepipeline/pipeline-store.ts";
import { EcsServiceGateway } from "../../packages/aws/src/ecs/service-gateway.ts";
import { DynamoDecisionStore } from "../../packages/aws/src/history/decision-store.ts";
import { DynamoHistoryStore } from "../../packages/aws/src/history/dynamo-history-store.ts";
import { DEFAULT_RETENTION } from "../../packages/aws/src/history/retention.ts";
import { parseConfig } from "../../packages/core/src/config/load.ts";
import { runPipelineJob, type PipelineJobDeps } from "../../packages/core/src/pipeline/run-job.ts";
import { jobIdOf, pipelineJobEvent } from "../../packages/local/src/events/pipeline-job.ts";
import { freshHistoryTable } from "../support/dynamodb.ts";
import { type AwsService, CrashSignal, FAULT_KINDS, FaultInjector, type FaultKind } from "../support/faults.ts";
import { startWorld, type World } from "../integration/local/world.ts";

// The deploy stage under faults: the real adapters (DynamoDB Local, the local CodePipeline and
// ECS endpoints), one fault at every port call and SDK request of a gate job and of a verify
// job — throw, throttle, timeout, crash — under Lambda's retries (2). Every cell must end with
// the job answered exactly once, and the gate's result recorded once.

let world: World;
let dynamo: { client: DynamoDBClient; tableName: string };

beforeAll(async () => {
  world = await startWorld();
  world.sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  world.sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 2 });
  dynamo = await freshHistoryTable();
});

afterAll(async () => {
  await world?.close();
});

function deps(injector: FaultInjector): PipelineJobDeps {
  const client = injector.wrapClient(dynamo.client, "DynamoDB");
  const reads = new DynamoHistoryStore({ client, tableName: dynamo.tableName });
  const ports = injector.wrapDeps({
    results: new CodePipelineJobResults(injector.wrapClient(new CodePipelineClient(world.clientConfig), "CodePipeline" as AwsService)),
    store: new DynamoPipelineStore({ client, tableName: dynamo.tableName }),
    history: new DynamoDecisionStore({ client, tableName: dynamo.tableName, reads, retention: DEFAULT_RETENTION }),
    failures: reads,
    ecs: new EcsServiceGateway(injector.wrapClient(world.ecs, "ECS")),
    notifier: { publish: async () => undefined },
  });
  const quiet = { info: () => undefined, error: () => undefined };
  return { ...ports, config: parseConfig({ pipeline: { gate: { mode: "enforce" } } }), clock: { now: () => new Date(world.clock.now()) }, log: quiet };
}

/** Lambda's asynchronous invocation: the attempt and two retries; a crash is an attempt that died. */
async function invoke(injector: FaultInjector, event: unknown): Promise<void> {
  const d = deps(injector);
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await injector.invoke(`attempt ${attempt}`, () => runPipelineJob(event, d));
      return;
    } catch (error) {
      if (!(error instanceof CrashSignal) && attempt === 3) return;
    }
  }
}

async function timeline() {
  const reads = new DynamoHistoryStore({ client: dynamo.client, tableName: dynamo.tableName });
  return (await reads.timeline({ cluster: "prod", service: "web" }, { limit: 1000 })).items;
}

const params = { gate: { mode: "gate", cluster: "prod", service: "web", executionId: "exec-faults" }, verify: { mode: "verify", cluster: "prod", service: "web", executionId: "exec-faults" } };

describe.each(Object.entries(params))("a %s job", (mode, userParameters) => {
  let calls = 0;

  it("makes its calls in a clean run and is answered once", async () => {
    const injector = new FaultInjector();
    const jobId = jobIdOf("clean", mode);
    await invoke(injector, pipelineJobEvent({ jobId, userParameters }));
    calls = injector.calls.length;
    // gate 17 (ports and SDK requests), verify 14: 124 cells in all.
    expect(calls).toBeGreaterThan(10);
    expect(world.endpoints.jobResults.filter((r) => r.jobId === jobId)).toHaveLength(1);
  });

  it("is answered exactly once with a fault at any call", async () => {
    const failures: string[] = [];
    for (let at = 1; at <= calls; at++) {
      for (const kind of FAULT_KINDS as readonly FaultKind[]) {
        const injector = new FaultInjector({ fault: { kind, at } });
        const jobId = jobIdOf(mode, kind, at);
        await invoke(injector, pipelineJobEvent({ jobId, userParameters }));
        const answers = world.endpoints.jobResults.filter((r) => r.jobId === jobId).length;
        if (answers !== 1) failures.push(`${kind} at call ${at} (${injector.fired?.name ?? "not reached"}): ${answers} answers`);
        const recorded = (await timeline()).filter((e) => e.eventId === `pipeline-job-${jobId}`).length;
        if (mode === "gate" && recorded !== 1) failures.push(`${kind} at call ${at} (${injector.fired?.name}): recorded ${recorded} times`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
