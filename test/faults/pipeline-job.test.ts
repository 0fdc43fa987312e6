import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodePipelineJobResults } from "../../packages/aws/src/codepipeline/job-results.ts";
import { DynamoPipelineStore } from "../../packages/aws/src/codepipeline/pipeline-store.ts";
import { EcsServiceGateway } from "../../packages/aws/src/ecs/service-gateway.ts";
import { DynamoDecisionStore } from "../../packages/aws/src/history/decision-store.ts";
import { DynamoHistoryStore } from "../../packages/aws/src/history/dynamo-history-store.ts";
import { DEFAULT_RETENTION } from "../../packages/aws/src/history/retention.ts";
import { parseConfig } from "../../packages/core/src/config/load.ts";
import type { ConfigInput } from "../../packages/core/src/config/schema.ts";
import type { Notice } from "../../packages/core/src/notifications/notice.ts";
import { jobIdOf, pipelineJobEvent } from "../../packages/sim/src/events/pipeline-job.ts";
import { runPipelineJob, type PipelineJobDeps } from "../../packages/core/src/capabilities/deploy-stage/run-job.ts";
import { runChatCommand } from "../../packages/core/src/capabilities/chat-command/run.ts";
import { freshHistoryTable } from "../support/dynamodb.ts";
import { type AwsService, CrashSignal, FAULT_KINDS, FaultInjector, type FaultKind } from "../support/faults.ts";
import { startWorld, type World } from "../integration/sim/world.ts";

// The deploy stage under faults: the real adapters (DynamoDB Local, the local CodePipeline and
// ECS endpoints), one fault at every port call and SDK request of a gate job and of a verify
// job — throw, throttle, timeout, crash — under Lambda's retries (2, a minute apart, while the
// deploy action starts a deployment). Every cell must end with the job answered exactly once,
// the result recorded once, the gate's baseline what the first attempt saw, and a notice
// published once (twice only where SNS took it and the mark was lost, as for the engine).

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

let published: Notice[] = [];

function deps(injector: FaultInjector, config: ConfigInput): PipelineJobDeps {
  const client = injector.wrapClient(dynamo.client, "DynamoDB");
  const reads = new DynamoHistoryStore({ client, tableName: dynamo.tableName });
  const ports = injector.wrapDeps({
    results: new CodePipelineJobResults(
      injector.wrapClient(new CodePipelineClient(world.clientConfig), "CodePipeline" as AwsService),
    ),
    store: new DynamoPipelineStore({ client, tableName: dynamo.tableName }),
    history: new DynamoDecisionStore({ client, tableName: dynamo.tableName, reads, retention: DEFAULT_RETENTION }),
    failures: reads,
    ecs: new EcsServiceGateway(injector.wrapClient(world.ecs, "ECS")),
    notifier: { publish: async (notice: Notice) => void published.push(notice) },
  });
  const quiet = { info: () => undefined, error: () => undefined };
  return { ...ports, config: parseConfig(config), clock: { now: () => new Date(world.clock.now()) }, log: quiet };
}

/**
 * Lambda's asynchronous invocation: the attempt and two retries, a minute and two later; a crash
 * is an attempt that died. Meanwhile the deploy action starts its deployment (UpdateService).
 */
async function invoke(
  injector: FaultInjector,
  event: unknown,
  config: ConfigInput = { pipeline: { gate: { mode: "enforce" } } },
): Promise<void> {
  const d = deps(injector, config);
  const jobId = (event as { "CodePipeline.job": { id: string } })["CodePipeline.job"].id;
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (attempt > 1) {
      // The deploy action starts once the gate's success is in: the retry comes after it.
      if (world.endpoints.jobResults.some((r) => r.jobId === jobId && r.outcome === "success"))
        await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", forceNewDeployment: true }));
      world.clock.advanceTo(world.clock.now() + 60_000 * (attempt - 1));
    }
    try {
      await injector.invoke(`attempt ${attempt}`, () => runPipelineJob(event, d));
      return;
    } catch (error) {
      if (!(error instanceof CrashSignal) && attempt === 3) return;
    }
  }
}

/**
 * Where every job starts, whatever the cells before it did: an hour and more after the last
 * job (past verify's window, so no deployment a retry of theirs started is taken for this
 * job's release), and, for verify, right after the deploy action started its deployment.
 * Without it the shared clock — moved by as many retries as the earlier cells happened to
 * make — decided whether verify found a release at all, and with it the calls of its clean
 * run. Returns the PRIMARY deployment.
 */
async function stage(mode: string): Promise<string> {
  world.clock.advanceTo(world.clock.now() + 2 * 60 * 60_000);
  if (mode === "verify")
    await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", forceNewDeployment: true }));
  return world.sim.primaryDeploymentId("prod", "web");
}

async function timeline() {
  const reads = new DynamoHistoryStore({ client: dynamo.client, tableName: dynamo.tableName });
  return (await reads.timeline({ cluster: "prod", service: "web" }, { limit: 1000 })).items;
}

const params = (mode: string, jobId: string) => ({
  mode: mode === "verify" ? "verify" : "gate",
  cluster: "prod",
  service: "web",
  executionId: `exec-${jobId}`,
});

const BLOCKING: ConfigInput = {
  killSwitch: true,
  pipeline: { gate: { mode: "enforce" } },
  chat: { channels: { ops: { commands: ["let-through"] } } },
};

/**
 * A gate that passes (it saves a baseline), one that blocks (it notifies), a verify, and the
 * retried gate of an execution a person let through from chat (it passes over the blockers,
 * saves the baseline and notifies).
 */
const jobs: [string, ConfigInput, { recorded: boolean }][] = [
  ["gate", { pipeline: { gate: { mode: "enforce" } } }, { recorded: true }],
  ["blocking gate", BLOCKING, { recorded: true }],
  ["verify", { pipeline: { gate: { mode: "enforce" } } }, { recorded: false }],
  ["let-through gate", BLOCKING, { recorded: true }],
];

const CLEAN_CALLS: Record<string, number> = { gate: 22, "blocking gate": 19, verify: 23, "let-through gate": 22 };

/**
 * Before a let-through gate job: its execution's first gate job blocked, and a person pressed
 * "Let this execution through" on its notice (the chat command over the same table), with no fault.
 */
async function letThrough(mode: string, jobId: string): Promise<void> {
  if (mode !== "let-through gate") return;
  const blocked = jobIdOf("blocked", jobId);
  await invoke(
    new FaultInjector(),
    pipelineJobEvent({ jobId: blocked, userParameters: params(mode, jobId) }),
    BLOCKING,
  );
  const reads = new DynamoHistoryStore(dynamo);
  const reply = await runChatCommand(
    {
      payload: ["let-through", "prod/web", `pipeline-job-${blocked}`, `prod/web/pipeline/exec-${jobId}`, "hotfix"],
      channel: "ops",
      press: `press-${jobId}`,
    },
    {
      config: parseConfig(BLOCKING),
      store: new DynamoDecisionStore({ ...dynamo, reads, retention: DEFAULT_RETENTION }),
      history: reads,
      ecs: new EcsServiceGateway(world.ecs),
      notifier: { publish: async () => undefined },
      clock: { now: () => new Date(world.clock.now()) },
    },
  );
  if (!reply.ok) throw new Error(`let-through refused: ${reply.text}`);
}

const store = () => new DynamoPipelineStore({ client: dynamo.client, tableName: dynamo.tableName });

/** A notice may go out twice only where SNS took it and the mark that it did was lost. */
const mayRepeat = (fired: { name: string; within: string | undefined } | undefined, kind: FaultKind) =>
  Boolean(fired) &&
  ((fired!.name === "notifier.publish" && (kind === "timeout" || kind === "crash")) ||
    fired!.name === "history.delivered" ||
    fired!.within === "history.delivered");

describe.each(jobs)("a %s job", (mode, config, base) => {
  let calls = 0;

  it("makes its calls in a clean run and is answered once", async () => {
    const injector = new FaultInjector();
    const jobId = jobIdOf("clean", mode);
    await stage(mode);
    await letThrough(mode, jobId);
    await invoke(injector, pipelineJobEvent({ jobId, userParameters: params(mode, jobId) }), config);
    calls = injector.calls.length;
    // The port calls and SDK requests of a clean run, each a point of the matrix (× 4 kinds):
    // gate 22, blocking gate 19, verify 23, let-through gate 22 — 344 cells (124 before the
    // claim came first).
    expect(calls).toBeGreaterThan(10);
    // The same on every run: each job starts from the same stage (see stage()).
    expect(calls).toBe(CLEAN_CALLS[mode]);
    expect(world.endpoints.jobResults.filter((r) => r.jobId === jobId)).toHaveLength(1);
  });

  it("is answered, recorded and announced exactly once with a fault at any call, and keeps the gate's first view", async () => {
    const failures: string[] = [];
    for (let at = 1; at <= calls; at++) {
      for (const kind of FAULT_KINDS as readonly FaultKind[]) {
        const injector = new FaultInjector({ fault: { kind, at } });
        const jobId = jobIdOf(mode, kind, at);
        const cell = () => `${kind} at call ${at} (${injector.fired?.name ?? "not reached"})`;
        published = [];
        const deploymentAtStart = await stage(mode);
        await letThrough(mode, jobId);
        published = [];
        await invoke(injector, pipelineJobEvent({ jobId, userParameters: params(mode, jobId) }), config);
        const results = world.endpoints.jobResults.filter((r) => r.jobId === jobId);
        const answers = results.length;
        if (answers !== 1) failures.push(`${cell()}: ${answers} answers`);
        const answer = results[0];
        // A gate that blocked and a verify that failed announce it; a fault while deciding is
        // answered SystemUnavailable (gate, enforce) or looked at again (verify): nothing to announce.
        // A gate that passed over an empty history (this world has no ingest) says so.
        const announced =
          answer?.outcome === "failure"
            ? answer.failureDetails.type === "JobFailed"
            : answer?.outputVariables?.["gate"] === "let-through" ||
              (answer?.outputVariables?.["history"] === "empty" && answer.outputVariables["gate"] === "passed");
        if (mode === "let-through gate" && answer?.outcome === "failure" && answer.failureDetails.type === "JobFailed")
          failures.push(`${cell()}: the execution a person let through was blocked`);
        const expected = { ...base, notices: announced ? 1 : 0 };
        const recorded = (await timeline()).filter((e) => e.eventId === `pipeline-job-${jobId}`).length;
        if (expected.recorded && recorded !== 1) failures.push(`${cell()}: recorded ${recorded} times`);
        const notices = published.filter((n) => n.dedupeKey === `pipeline#${jobId}`).length;
        const allowed =
          expected.notices > 0 && mayRepeat(injector.fired, kind)
            ? [expected.notices, expected.notices + 1]
            : [expected.notices];
        if (!allowed.includes(notices)) failures.push(`${cell()}: notice published ${notices} times`);
        if (mode === "gate" || mode === "let-through gate") {
          // A gate that passed keeps what its first decision saw, never a later view; one that
          // failed on a fault may have saved it before the fault.
          const baseline = await store().baseline({ cluster: "prod", service: "web" }, `exec-${jobId}`);
          const ok = baseline ? baseline.deploymentId === deploymentAtStart : answer?.outcome !== "success";
          if (!ok)
            failures.push(
              `${cell()}: the baseline is ${baseline?.deploymentId ?? "missing"}, the gate saw ${deploymentAtStart}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});

describe("a verify job after the other jobs", () => {
  it("follows the deploy action's deployment, however far the earlier jobs moved the clock", async () => {
    // More retries in the earlier cells move the shared clock further: past verify's window.
    world.clock.advanceTo(world.clock.now() + 61 * 60_000);
    const jobId = jobIdOf("after the others", "verify");
    const release = await stage("verify");

    await invoke(new FaultInjector(), pipelineJobEvent({ jobId, userParameters: params("verify", jobId) }));

    const answer = world.endpoints.jobResults.find((r) => r.jobId === jobId);
    expect(answer?.outcome === "success" ? (answer.executionDetails as { summary: string }).summary : answer).toContain(
      `deployment ${release} `,
    );
  });
});
