import { revisionJudge } from "../../roles.ts";
import { resolveSettings } from "../../config/resolve.ts";
import type { ServiceRef } from "../../events/model.ts";
import { failure, type JobAnswer } from "./answer.ts";
import { answerOnce } from "./answer-once.ts";
import { decideGate } from "./gate.ts";
import { parsePipelineJob, type PipelineJob } from "./job.ts";
import { type JobParams, parseUserParameters, type UserParameters } from "./params.ts";
import { jobPlace } from "./place.ts";
import { placeOf, placeText } from "../../model/service-ref.ts";
import type { PipelineResultEntry, Reply } from "./ports.ts";
import type { Baseline } from "./verify.ts";
import { gateNotice } from "./notices.ts";
import { DEPLOY_STAGE, letThroughFor } from "./let-through.ts";
import { retryAfterFault, verifyStep } from "./verify-step.ts";

// The deploy stage's use case: parse → claim → decide → record → answer → notify. Whatever goes
// wrong, the job gets an answer (CodePipeline would otherwise wait for its 20-minute timeout):
// a bad event or bad UserParameters a ConfigurationError naming the field, an internal fault a
// failure (gate in enforce) or another continuation (verify, within its timeout).

import type { PipelineJobDeps, PipelineJobResult } from "./job-deps.ts";
export type { PipelineJobDeps, PipelineJobResult };

export async function runPipelineJob(raw: unknown, deps: PipelineJobDeps): Promise<PipelineJobResult> {
  const parsed = parsePipelineJob(raw);
  if (!parsed.ok) {
    if (!parsed.jobId) {
      deps.log.error("not a CodePipeline job (no CodePipeline.job.id): nothing can be answered", {
        problem: parsed.problem,
      });
      return { jobId: undefined, status: "unanswerable", answer: undefined, mode: undefined };
    }
    const problem = parsed.problem;
    return answerOnce(parsed.jobId, async () => ({ answer: failure("ConfigurationError", problem) }), undefined, deps);
  }
  const job = parsed.job;
  const params = parseUserParameters(job.userParameters);
  if (!params.ok) {
    const problem = params.problem;
    return answerOnce(job.jobId, async () => ({ answer: failure("ConfigurationError", problem) }), undefined, deps);
  }
  return answerOnce(job.jobId, () => decide(job, params.params, deps), params.params.mode, deps);
}

async function decide(job: PipelineJob, params: JobParams, deps: PipelineJobDeps): Promise<Reply> {
  const where = jobPlace(params.arnPlace, deps.home, deps.config);
  if (!where.ok) return { answer: failure("ConfigurationError", where.problem) };
  // A member's service: its own history keys, and its ECS read as its role.
  const ref: ServiceRef = { cluster: params.cluster, service: params.service, ...placeOf(where.place ?? {}) };
  const { inScope } = resolveSettings(deps.config, ref);
  if (!inScope)
    return {
      answer: failure(
        "ConfigurationError",
        `${label(ref)} is outside the guardrails' scope (scope in guardrails.config.json): no history is kept for it`,
      ),
    };
  try {
    const placed = where.place ? { ...deps, ecs: (await memberPorts(where.place, deps)).ecs } : deps;
    return params.mode === "gate"
      ? await gateStep(job, params, ref, placed)
      : await verifyStep(job, params, ref, placed);
  } catch (error) {
    deps.log.error("pipeline job could not be decided", {
      jobId: job.jobId,
      mode: params.mode,
      error: (error as Error).message,
    });
    return internalFault(job, params, ref, error as Error, deps);
  }
}

/** A member's ports; a hub always has them, so their absence is a fault of the wiring, not of the job. */
function memberPorts(place: NonNullable<JobParams["arnPlace"]>, deps: PipelineJobDeps) {
  if (!deps.forPlace) throw new Error(`cannot read account ${place.account}: the function has no member ports`);
  return deps.forPlace(place);
}

/** "prod/web", or "prod/web in account 444455556666 (eu-west-1)" for a member's: answers name the place. */
export const label = (ref: ServiceRef) => `${ref.cluster}/${ref.service}${placeText(ref)}`;

async function gateStep(
  job: PipelineJob,
  params: UserParameters,
  ref: ServiceRef,
  deps: PipelineJobDeps,
): Promise<Reply> {
  const now = deps.clock.now();
  const [history, service] = await Promise.all([deps.history.loadHistory(ref), deps.ecs.describeService(ref)]);
  if (!service)
    return {
      answer: failure(
        "ConfigurationError",
        `ECS has no service ${ref.service} in cluster ${ref.cluster}${placeText(ref)} (UserParameters.cluster / service)`,
      ),
    };
  const settings = revisionJudge(resolveSettings(deps.config, ref, service.tags).policies).judgement;
  const gate = decideGate({
    ref,
    state: history.state,
    deployments: history.deployments,
    service,
    alarms: settings.alarms,
    killSwitch: deps.config.killSwitch,
    freezes: deps.config.pipeline.freezes,
    mode: deps.config.pipeline.gate.mode,
    now,
    // Only this execution's override, as a person recorded it from chat (person.ts).
    letThrough: letThroughFor(
      history.state?.policies[DEPLOY_STAGE] as Record<string, unknown> | undefined,
      params.executionId,
    ),
  });
  // Only a gate that lets the release through has a release for verify to find; a blocked one
  // saves nothing, so the gate retried after the blocker cleared looks afresh.
  if (gate.verdict !== "blocked")
    await deps.store.saveBaseline(
      ref,
      params.executionId,
      baselineOf(gate.outputs.currentDeploymentId, service, history.deployments, now),
    );
  const entry = resultEntry(
    job,
    params,
    now,
    gate.verdict,
    `gate ${gate.verdict}: ${gate.reason}`,
    gate.outputs.currentDeploymentId,
    {
      blockers: gate.blockers.map((b) => b.reason),
      pipelineMode: deps.config.pipeline.gate.mode,
      ...(gate.verdict === "let-through"
        ? { letThroughBy: gate.letThrough?.by, letThroughReason: gate.letThrough?.reason }
        : {}),
    },
  );
  const notice = gateNotice(ref, gate, job.jobId, params.executionId);
  const answer: JobAnswer =
    gate.verdict === "blocked"
      ? failure("JobFailed", `gate blocked ${label(ref)}: ${gate.reason}`)
      : {
          outcome: "success",
          summary:
            gate.verdict === "would-have-blocked"
              ? `observe mode: would have blocked: ${gate.reason}`
              : `gate ${gate.verdict}: ${gate.reason}`,
          outputVariables: gate.outputs,
        };
  return { answer, ref, entry, notice };
}

/** Every deployment that exists when the gate looks (ECS's list and the history's): anything else is new. */
function baselineOf(
  current: string,
  service: { deployments: { id: string }[] },
  deployments: { deploymentId: string }[],
  now: Date,
): Baseline {
  const ids = [...new Set([...service.deployments.map((d) => d.id), ...deployments.map((d) => d.deploymentId)])];
  return { deploymentId: current === "none" ? undefined : current, at: now.toISOString(), deploymentIds: ids };
}

export function resultEntry(
  job: PipelineJob,
  params: UserParameters,
  now: Date,
  verdict: string,
  summary: string,
  deploymentId: string | undefined,
  data: Record<string, unknown>,
): PipelineResultEntry {
  return {
    jobId: job.jobId,
    time: now.toISOString(),
    mode: params.mode,
    verdict,
    summary,
    executionId: params.executionId,
    deploymentId: deploymentId === "none" ? undefined : deploymentId,
    data,
  };
}

/** A fault inside the decision: the gate fails closed only in enforce; verify looks again while it may. */
async function internalFault(
  job: PipelineJob,
  params: UserParameters,
  ref: ServiceRef,
  error: Error,
  deps: PipelineJobDeps,
): Promise<Reply> {
  if (params.mode === "verify") {
    return { ...retryAfterFault(job, params, ref, error, deps), afterFault: true };
  }
  // Answered at once rather than left to Lambda's retries: the SDK has retried already, and a
  // job whose every attempt failed would hang until CodePipeline's timeout. Recorded like any verdict.
  const mode = deps.config.pipeline.gate.mode;
  const entry = resultEntry(
    job,
    params,
    deps.clock.now(),
    "unchecked",
    `gate could not check (${mode} mode): ${error.message}`,
    undefined,
    { error: error.name },
  );
  if (mode === "enforce")
    return {
      answer: failure("SystemUnavailable", `gate could not check ${label(ref)}: ${error.message}`),
      ref,
      entry,
      afterFault: true,
    };
  return {
    afterFault: true,
    answer: {
      outcome: "success",
      summary: `gate unchecked (${mode} mode): ${error.message}`,
      outputVariables: { lastKnownGood: "none", currentDeploymentId: "none", gate: "unchecked" },
    },
    ref,
    entry,
  };
}
