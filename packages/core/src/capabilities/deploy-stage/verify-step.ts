import { revisionJudge } from "../../roles.ts";
import { resolveSettings } from "../../config/resolve.ts";
import type { ServiceRef } from "../../events/model.ts";
import { failure } from "./answer.ts";
import type { PipelineJob } from "./job.ts";
import { verifyNotice } from "./notices.ts";
import { verifyWindowProblem, type UserParameters } from "./params.ts";
import type { Reply } from "./ports.ts";
import { completeLink, describeLink, type DeploymentLink } from "../../history/provenance.ts";
import type { PipelineJobDeps } from "./job-deps.ts";
import { decodeToken, encodeToken, type VerifyToken } from "./token.ts";
import { decideVerify, findDeployment, type VerifyDecision } from "./verify.ts";
import { placeText } from "../../model/service-ref.ts";

// One verify invocation: load → find the deployment → link it to the execution → decide →
// answer (another continuation, success, or failure). Every invocation is a new job id.

export async function verifyStep(
  job: PipelineJob,
  params: UserParameters,
  ref: ServiceRef,
  deps: PipelineJobDeps,
): Promise<Reply> {
  const now = deps.clock.now();
  const token = tokenOf(job, now);
  const [history, service, baseline] = await Promise.all([
    deps.history.loadHistory(ref),
    deps.ecs.describeService(ref),
    deps.store.baseline(ref, params.executionId),
  ]);
  if (!service && !token.deploymentId)
    return {
      answer: failure(
        "ConfigurationError",
        `ECS has no service ${ref.service} in cluster ${ref.cluster}${placeText(ref)} (UserParameters.cluster / service)`,
      ),
    };
  const settings = revisionJudge(resolveSettings(deps.config, ref, service?.tags).policies).judgement;
  const timeoutMinutes = params.timeoutMinutes ?? deps.config.pipeline.verify.timeoutMinutes;
  const bakeMinutes = params.bakeMinutes ?? settings.bakeMinutes;
  const window = verifyWindowProblem(params, {
    timeoutMinutes: deps.config.pipeline.verify.timeoutMinutes,
    bakeMinutes: settings.bakeMinutes,
  });
  if (window) return { answer: failure("ConfigurationError", window) };
  const facts = {
    ref,
    now,
    token,
    timeoutMinutes,
    bakeMinutes,
    service,
    deployments: history.deployments,
    state: history.state,
    alarms: settings.alarms,
    baseline,
    failureThreshold: settings.failureThreshold,
    failureClasses: settings.failureClasses,
  };
  const target = findDeployment(facts);
  const failures = target ? await deps.failures.deploymentFailures(ref, target.id) : [];
  const decision = decideVerify(facts, target, failures);
  const link =
    target && params.executionId ? await linkOnce(ref, target.id, params.executionId, token, now, deps) : undefined;
  return replyFor(job, params, ref, decision, link, now);
}

function tokenOf(job: PipelineJob, now: Date): VerifyToken {
  return decodeToken(job.continuationToken) ?? { startedAt: now.toISOString(), polls: 0 };
}

/** The link is written when verify first finds the deployment (and read back afterwards). */
async function linkOnce(
  ref: ServiceRef,
  deploymentId: string,
  executionId: string,
  token: VerifyToken,
  now: Date,
  deps: PipelineJobDeps,
): Promise<DeploymentLink> {
  const existing = token.deploymentId === deploymentId ? await deps.store.deploymentLink(ref, deploymentId) : undefined;
  const execution = await deps.store.execution(executionId);
  if (existing) return completeLink(existing, execution);
  const link = completeLink(
    {
      ...ref,
      deploymentId,
      executionId,
      pipeline: undefined,
      commitId: undefined,
      branch: undefined,
      at: now.toISOString(),
    },
    execution,
  );
  await deps.store.linkDeployment(link);
  return link;
}

function replyFor(
  job: PipelineJob,
  params: UserParameters,
  ref: ServiceRef,
  d: VerifyDecision,
  link: DeploymentLink | undefined,
  now: Date,
): Reply {
  const source = link ? describeLink(link) : undefined;
  const entry = (verdict: string, summary: string, deploymentId: string | undefined) => ({
    jobId: job.jobId,
    time: now.toISOString(),
    mode: "verify" as const,
    verdict,
    summary,
    executionId: params.executionId,
    deploymentId,
    data: { ...(link ? { pipeline: link.pipeline, commitId: link.commitId, branch: link.branch } : {}) },
  });
  if (d.outcome === "continue") {
    return { answer: { outcome: "success", summary: d.summary, continuationToken: encodeToken(d.token) } };
  }
  if (d.outcome === "succeeded") {
    return {
      answer: {
        outcome: "success",
        summary: `verified: ${d.summary}`,
        outputVariables: { deploymentId: d.deploymentId, verify: "succeeded" },
      },
      ref,
      entry: entry(
        "succeeded",
        `verify succeeded: ${d.summary}${source ? `; released by ${source}` : ""}`,
        d.deploymentId,
      ),
    };
  }
  return {
    answer: failure("JobFailed", `verify failed: ${d.message}`),
    ref,
    entry: entry(
      d.rolledBackBy ? "rolled-back" : "failed",
      `verify failed: ${d.message}${source ? `; released by ${source}` : ""}`,
      d.deploymentId,
    ),
    notice: verifyNotice(ref, d.message, job.jobId, params.executionId, d.deploymentId, source),
  };
}

/** A fault while verifying: look again on the next continuation while the timeout allows. */
export function retryAfterFault(
  job: PipelineJob,
  params: UserParameters,
  ref: ServiceRef,
  error: Error,
  deps: PipelineJobDeps,
): Reply {
  const now = deps.clock.now();
  const token = tokenOf(job, now);
  const timeout = params.timeoutMinutes ?? deps.config.pipeline.verify.timeoutMinutes;
  if ((now.getTime() - Date.parse(token.startedAt)) / 60_000 >= timeout)
    return {
      answer: failure(
        "JobFailed",
        `verify failed: timed out after ${timeout} minutes; the last look failed: ${error.message}`,
      ),
    };
  return {
    answer: {
      outcome: "success",
      summary: `could not look at ${ref.cluster}/${ref.service}${placeText(ref)} (${error.message}); looking again`,
      continuationToken: encodeToken({ ...token, polls: token.polls + 1 }),
    },
  };
}
