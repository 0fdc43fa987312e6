import { readFileSync } from "node:fs";
import path from "node:path";
import { DynamoDecisionStore } from "../../packages/aws/src/history/decision-store.ts";
import { DEFAULT_RETENTION } from "../../packages/aws/src/history/retention.ts";
import { EcsServiceGateway } from "../../packages/aws/src/ecs/service-gateway.ts";
import { parseConfig } from "../../packages/core/src/config/load.ts";
import type { ConfigInput } from "../../packages/core/src/config/schema.ts";
import { hookAnswerLog } from "../../packages/core/src/capabilities/deployment-hook/answer-log.ts";
import type { HookResponse } from "../../packages/core/src/capabilities/deployment-hook/answer.ts";
import type { HookDeps } from "../../packages/core/src/capabilities/deployment-hook/ports.ts";
import { answerHook, type HookOutcome } from "../../packages/core/src/capabilities/deployment-hook/run.ts";
import type { HookStage } from "../../packages/core/src/capabilities/deployment-hook/settings.ts";
import type { DeploymentEvent, TaskEvent } from "../../packages/core/src/events/model.ts";
import { parseEvent } from "../../packages/core/src/events/parse.ts";
import { RecordingNotifier } from "../kit/recording-notifier.ts";
import { deployment, fakeEcsHistory, revision } from "./ecs-history.ts";
import { fakeEcs, type FakeService } from "./fake-ecs.ts";
import { freshStore } from "./history.ts";

// ECS's lifecycle-hook invocations (from the documented payloads in test/fixtures/deployment-hook)
// and a world to answer them in: the real adapters over DynamoDB Local, ECS answered in memory.

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/deployment-hook");
const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as Record<string, unknown> & {
    executionDetails: Record<string, unknown>;
  };

export const HOOK_REF = { cluster: "my-cluster", service: "my-service" };
export const TARGET_REVISION =
  "arn:aws:ecs:us-west-2:123456789012:service-revision/my-cluster/my-service/9313423515462893900";
export const SOURCE_REVISION =
  "arn:aws:ecs:us-west-2:123456789012:service-revision/my-cluster/my-service/1920498462936580504";
/**
 * The target revision's deployment, as task events name it in startedBy. ECS documents no
 * relation between the ids, and none is assumed: it is unrelated to the revision's id.
 */
export const TARGET_DEPLOYMENT = "ecs-svc/6204718530918274406";
/** The service deployment the invocations name (`resourceArn` of the documented payload). */
export const SERVICE_DEPLOYMENT =
  "arn:aws:ecs:us-west-2:123456789012:service-deployment/my-cluster/my-service/EZe5RNVLH6PPzHXINuP28";

/** An invocation at `stage`, built from the documented POST_TEST_TRAFFIC_SHIFT payload. */
export function invocation(
  stage: HookStage,
  options: {
    executionId?: string;
    weights?: { test?: Record<string, number>; production?: Record<string, number> };
    hookDetails?: Record<string, unknown>;
  } = {},
) {
  const base = fixture("post-test-traffic-shift.json");
  return {
    ...base,
    executionId: options.executionId ?? `exec-${stage}`,
    lifecycleStage: stage,
    executionDetails: {
      ...base.executionDetails,
      testTrafficWeights: options.weights?.test ?? {},
      productionTrafficWeights: options.weights?.production ?? {},
    },
    hookDetails: options.hookDetails ?? { S3_BUCKET_NAME: "my-approval-bucket" },
  };
}

/** The documented PRODUCTION_TRAFFIC_SHIFT of a rollback: traffic back to the source revision. */
export const rollbackInvocation = () => fixture("production-traffic-shift-rollback.json");

export const BLUE_GREEN_SERVICE: FakeService = {
  ...HOOK_REF,
  desiredCount: 4,
  strategy: "BLUE_GREEN",
  deployments: [
    {
      id: TARGET_DEPLOYMENT,
      status: "PRIMARY",
      taskDefinition: "arn:aws:ecs:us-east-1:111122223333:task-definition/my-service:8",
      rolloutState: "IN_PROGRESS",
      createdAt: new Date("2026-11-20T10:00:00Z"),
    },
  ],
};

export async function hookWorld(options: { config?: ConfigInput; service?: FakeService; start?: string } = {}) {
  const { store: history, client, tableName } = await freshStore();
  const ecs = fakeEcs(options.service ?? BLUE_GREEN_SERVICE);
  const notifier = new RecordingNotifier();
  let now = new Date(options.start ?? "2026-11-20T10:01:00Z");
  const decisions = new DynamoDecisionStore({ client, tableName, reads: history, retention: DEFAULT_RETENTION });
  const deps: HookDeps = {
    config: parseConfig(options.config ?? {}),
    store: decisions,
    ecs: new EcsServiceGateway(ecs.client),
    revisions: hookRevisions(BLUE_GREEN_SERVICE.deployments[0]!.taskDefinition),
    answers: hookAnswerLog(decisions),
    notifier,
    clock: { now: () => now },
  };
  /** What ECS passes back: the last IN_PROGRESS answer's hookDetails, per execution. */
  const carried = new Map<string, Record<string, unknown>>();
  return {
    history,
    deps,
    notifier,
    ecs,
    at: (time: string) => void (now = new Date(time)),
    /** Invokes the hook as ECS does, merging the last IN_PROGRESS answer's hookDetails in. */
    async ask(
      raw: Record<string, unknown>,
      run: (raw: unknown, deps: HookDeps) => Promise<HookOutcome> = answerHook,
    ): Promise<HookOutcome> {
      const id = String(raw["executionId"]);
      const merged = { ...raw, hookDetails: { ...(raw["hookDetails"] as object | undefined), ...carried.get(id) } };
      const outcome = await run(merged, deps);
      if (outcome.response.hookDetails) carried.set(id, outcome.response.hookDetails);
      return outcome;
    },
    /** Records an ECS event in the history as the ingest function would (no policy runs). */
    async record(raw: unknown): Promise<void> {
      const event = parseEvent(raw);
      if (event.kind === "task") await history.recordTask(event as TaskEvent);
      else if (event.kind === "deployment")
        await history.recordDeployment(event as DeploymentEvent, BLUE_GREEN_SERVICE.deployments[0]!.taskDefinition);
      else throw new Error(`record: ${event.kind} events go through recordAlarm`);
    },
    alarm: (name: string, state: "ALARM" | "OK", at: string) =>
      decisions.recordAlarm(HOOK_REF, {
        name,
        state,
        at,
        eventId: `alarm-${name}-${at}`,
        reason: `Threshold crossed (${state})`,
      }),
    timeline: async () => (await history.timeline(HOOK_REF, { limit: 100 })).items,
  };
}

/**
 * ECS's service deployments and revisions behind the documented payload: the service deployment
 * created with the PRIMARY ecs-svc deployment, towards the target revision on `taskDefinition`
 * (DescribeServiceDeployments and DescribeServiceRevisions as the adapter maps them).
 */
export function hookRevisions(taskDefinition: string, createdAt = "2026-11-20T10:00:00.000Z") {
  return fakeEcsHistory(
    [
      deployment(SERVICE_DEPLOYMENT, TARGET_REVISION, "IN_PROGRESS", createdAt, {
        sourceServiceRevisionArns: [SOURCE_REVISION],
      }),
    ],
    [
      revision(TARGET_REVISION, taskDefinition, createdAt),
      revision(SOURCE_REVISION, taskDefinition.replace(/:8$/, ":7"), "2026-11-19T10:00:00.000Z"),
    ],
  ).port;
}

/** A valid answer, and nothing else, as ECS accepts it. */
export function isValidResponse(r: HookResponse): boolean {
  if (!["SUCCEEDED", "FAILED", "IN_PROGRESS"].includes(r.hookStatus)) return false;
  if (r.callBackDelay !== undefined && !(Number.isInteger(r.callBackDelay) && r.callBackDelay > 0)) return false;
  return Object.keys(r).every((k) => ["hookStatus", "callBackDelay", "hookDetails"].includes(k));
}
