import { ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import type { JobResult } from "@ecs-guardrails/sim/endpoints/codepipeline";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "@ecs-guardrails/sim/dynamodb/embedded";
import { jobIdOf, pipelineExecutionEvent, pipelineJobEvent } from "@ecs-guardrails/sim/events/pipeline-job";
import { memberAccessKey } from "@ecs-guardrails/sim/endpoints/sts";
import type { LocalStack } from "./stack.ts";

// CodePipeline, locally, for one release: the execution's events, the gate action, the ECS
// deploy action (a new revision, UpdateService on the simulated ECS) and the verify action,
// invoked again with each continuation token (a new job id each time) until it answers without
// one. CodePipeline documents no interval between continuations: `pollMs` is ours.

export type Release = {
  pipeline: string;
  executionId: string;
  cluster: string;
  service: string;
  /**
   * A member account the pipeline deploys to (a pipeline in the hub deploying to another
   * account): the actions name the service by its ARN, and the deploy action acts with that
   * account's keys.
   */
  account?: string;
  /** The revision the deploy action registers (the simulator's family:revision). */
  taskDefinition: string;
  commitId: string;
  branch: string;
  bakeMinutes?: number;
  timeoutMinutes?: number;
  pollMs?: number;
};

export type ActionRun = { action: "gate" | "verify"; results: JobResult[]; final: JobResult | undefined };
export type ReleaseRun = { gate: ActionRun; verify: ActionRun | undefined; succeeded: boolean };

const MAX_INVOCATIONS = 500;

export async function runRelease(
  stack: LocalStack,
  release: Release,
  onResult: (action: string, result: JobResult) => void = () => undefined,
): Promise<ReleaseRun> {
  const at = () => new Date(stack.clock.now()).toISOString();
  const execution = (state: string) =>
    stack.deliver(
      pipelineExecutionEvent({
        pipeline: release.pipeline,
        executionId: release.executionId,
        state,
        time: at(),
        commitId: release.commitId,
        branch: release.branch,
      }),
    );
  await execution("STARTED");
  const service = release.account
    ? `arn:aws:ecs:${LOCAL_REGION}:${release.account}:service/${release.cluster}/${release.service}`
    : release.service;
  const params = { cluster: release.cluster, service, executionId: release.executionId };
  const gate = await runAction(stack, "gate", { mode: "gate", ...params }, release, onResult);
  if (gate.final?.outcome !== "success") {
    await execution("FAILED");
    return { gate, verify: undefined, succeeded: false };
  }
  await deploy(stack, release);
  const verify = await runAction(
    stack,
    "verify",
    {
      mode: "verify",
      ...params,
      ...(release.bakeMinutes !== undefined ? { bakeMinutes: release.bakeMinutes } : {}),
      ...(release.timeoutMinutes !== undefined ? { timeoutMinutes: release.timeoutMinutes } : {}),
    },
    release,
    onResult,
  );
  const succeeded = verify.final?.outcome === "success";
  await execution(succeeded ? "SUCCEEDED" : "FAILED");
  return { gate, verify, succeeded };
}

/** The ECS deploy action: UpdateService to the revision it registered, through the SDK. */
async function deploy(stack: LocalStack, release: Release): Promise<void> {
  // A member's keys name its account: the local endpoints route the call to its simulated ECS.
  const credentials = release.account
    ? { ...LOCAL_CREDENTIALS, accessKeyId: memberAccessKey(release.account) }
    : LOCAL_CREDENTIALS;
  const ecs = new ECSClient({ endpoint: stack.endpoints.url, region: LOCAL_REGION, credentials });
  try {
    await ecs.send(
      new UpdateServiceCommand({
        cluster: release.cluster,
        service: release.service,
        taskDefinition: release.taskDefinition,
      }),
    );
  } finally {
    ecs.destroy();
  }
  await stack.drain();
}

export async function runAction(
  stack: LocalStack,
  action: "gate" | "verify",
  userParameters: Record<string, unknown>,
  release: Pick<Release, "executionId" | "commitId" | "pollMs">,
  onResult: (action: string, result: JobResult) => void,
): Promise<ActionRun> {
  const results: JobResult[] = [];
  let token: string | undefined;
  for (let n = 0; n < MAX_INVOCATIONS; n++) {
    const jobId = jobIdOf(release.executionId, action, n);
    await stack.invokePipeline(
      pipelineJobEvent({ jobId, userParameters, continuationToken: token, revision: release.commitId }),
    );
    const result = stack.endpoints.jobResults.find((r) => r.jobId === jobId);
    // No answer: CodePipeline would wait for the action's timeout. The tests forbid this.
    if (!result) return { action, results, final: undefined };
    results.push(result);
    onResult(action, result);
    if (result.outcome === "failure" || !result.continuationToken) return { action, results, final: result };
    token = result.continuationToken;
    await stack.advance(release.pollMs ?? 60_000);
  }
  return { action, results, final: undefined };
}
