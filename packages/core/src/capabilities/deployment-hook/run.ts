import { resolveSettings, inScope } from "../../config/resolve.ts";
import { REVISION_JUDGE, revisionJudge } from "../../roles.ts";
import { noticeWanted, OUTBOX_GRACE_MS, deliver } from "../../engine/deliver.ts";
import type { Notice } from "../../notifications/notice.ts";
import type { ServiceRef } from "../../events/model.ts";
import type { DeploymentRecord, ServiceState } from "../../history/model.ts";
import type { ServiceDescription } from "../../model/description.ts";
import {
  answerFault,
  answerUnrecorded,
  answerVerdict,
  type Governing,
  type HookAnswer,
  type HookResponse,
} from "./answer.ts";
import { decideHook } from "./decide.ts";
import { hookDecision, hookDecisionRecord, isNoticeworthy } from "./decision.ts";
import { resolveIdentity } from "./identity.ts";
import { type HookInvocation, parseInvocation } from "./invocation.ts";
import type { HookDeps, HookEcs } from "./ports.ts";
import { kindOfPlace, strangerText } from "../../config/members.ts";
import type { Place } from "../../model/service-ref.ts";
import { type DeploymentHookSettings, deploymentHookSettings } from "./settings.ts";
import { readState } from "./state.ts";

// One ECS lifecycle-hook invocation: parse → load (history, ECS) → decide → answer under the
// mode → record (and notify) → respond. It never throws: a thrown error or an invalid answer
// makes ECS roll back, so every fault of the hook's own becomes an answer (answer.ts).

export type HookOutcome = {
  response: HookResponse;
  answer: HookAnswer;
  ref: ServiceRef | undefined;
  invocation: HookInvocation | undefined;
  /** Problems met on the way that did not change the answer (a record not written, a notice not sent). */
  problems: string[];
};

type Loaded = {
  /** The invocation's ecs-svc deployment, resolved through ECS. */
  deploymentId: string;
  state: ServiceState | undefined;
  deployment: DeploymentRecord | undefined;
  service: ServiceDescription | undefined;
};

export async function answerHook(raw: unknown, deps: HookDeps): Promise<HookOutcome> {
  try {
    return await judge(raw, deps);
  } catch (error) {
    // A bug of ours (not a port's fault, those are caught where they happen) is still a fault:
    // bounded IN_PROGRESS, then the configured outcome — never a thrown error.
    return answerUnaided(raw, `unexpected error: ${describe(error)}`, deps.config?.deploymentHook);
  }
}

/**
 * An answer without the ports (the hook's dependencies could not even be built, or a bug):
 * the fault path with the state in hookDetails, under the given or default hook settings.
 */
export function answerUnaided(raw: unknown, problem: string, hook: DeploymentHookSettings = FALLBACK): HookOutcome {
  const details = (raw as { hookDetails?: unknown } | null | undefined)?.hookDetails;
  const state = readState(
    typeof details === "object" && details !== null && !Array.isArray(details)
      ? (details as Record<string, unknown>)
      : {},
    executionIdOf(raw),
    new Date(),
  );
  const answer = answerFault(problem, state, { mode: "enforce", killSwitch: false, hook });
  return { response: answer.response, answer, ref: undefined, invocation: undefined, problems: [answer.reason] };
}

const FALLBACK = deploymentHookSettings.parse({});

async function judge(raw: unknown, deps: HookDeps): Promise<HookOutcome> {
  const now = deps.clock.now();
  const parsed = parseInvocation(raw);
  if (!parsed.ok) {
    const answer = answerFault(
      parsed.problem,
      readState(parsed.hookDetails, executionIdOf(raw), now),
      governing(deps, parsed.ref, undefined),
    );
    return finish(deps, parsed.ref, undefined, answer, now);
  }
  let i = parsed.invocation;
  const state = readState(i.hookDetails, i.executionId, now);
  const kind = i.arnPlace && deps.home ? kindOfPlace(deps.config, deps.home, i.arnPlace) : "home";
  // An account that is no member: not ours to judge, so nothing is read and its deployment goes on.
  if (kind === "stranger") {
    const answer = answerVerdict(
      {
        status: "SUCCEEDED",
        rule: "judged-once",
        reason: strangerText(i.arnPlace!),
        facts: { deploymentId: i.deploymentId, stage: i.stage },
      },
      state,
      { ...governing(deps, undefined, undefined), mode: "off" },
    );
    return finish(deps, undefined, i, answer, now);
  }
  // A member's service: its own history keys, its ECS read as the member role.
  const place = kind === "member" ? i.arnPlace : undefined;
  if (place) i = { ...i, ref: { ...i.ref, ...place } };
  if (!inScope(deps.config, i.ref)) {
    const answer = answerVerdict(
      {
        status: "SUCCEEDED",
        rule: "judged-once",
        reason: `${i.ref.cluster}/${i.ref.service} is outside the guardrails' scope`,
        facts: { deploymentId: i.deploymentId, stage: i.stage },
      },
      state,
      { ...governing(deps, i.ref, undefined), mode: "off" },
    );
    return finish(deps, i.ref, i, answer, now);
  }
  let loaded: Loaded;
  try {
    loaded = await load(i, place ? await memberEcs(place, deps) : deps, deps);
  } catch (error) {
    const answer = answerFault(describe(error), state, governing(deps, i.ref, undefined), {
      deploymentId: i.deploymentId,
      stage: i.stage,
    });
    // Past maxFaults the configured outcome is a decision people hear about, if the store lets us.
    const told = isNoticeworthy(answer)
      ? await decideAndTell(deps, i, answer, undefined, now).catch(
          (e: unknown) => `outcome not recorded: ${describe(e)}`,
        )
      : undefined;
    return finish(deps, i.ref, i, answer, now, told ? [told] : []);
  }
  i = { ...i, deploymentId: loaded.deploymentId };
  const g = governing(deps, i.ref, loaded.service);
  const { judgement } = revisionJudge(resolveSettings(deps.config, i.ref, loaded.service?.tags).policies);
  const verdict = decideHook({
    invocation: i,
    deployment: loaded.deployment,
    alarms: loaded.state?.alarms ?? {},
    desiredCount: loaded.service?.desiredCount,
    createdAt: loaded.service?.deployments.find((d) => d.id === i.deploymentId)?.createdAt,
    settings: judgement,
    judge: REVISION_JUDGE,
    hook: g.hook,
    state,
    now,
  });
  let answer = answerVerdict(verdict, state, g);
  const problems: string[] = [];
  if (isNoticeworthy(answer)) {
    try {
      const problem = await decideAndTell(deps, i, answer, loaded, now);
      if (problem) problems.push(problem);
    } catch (error) {
      answer = answerUnrecorded(answer, describe(error), g, state.faults);
    }
  }
  return finish(deps, i.ref, i, answer, now, problems);
}

/** A member's ECS; a hub always has the way there, so its absence is a fault (answered as one). */
async function memberEcs(place: Place, deps: HookDeps): Promise<HookEcs> {
  if (!deps.forPlace) throw new Error(`cannot read account ${place.account}: the hook has no member ports`);
  return deps.forPlace(place);
}

/** The history, ECS's view and the invocation's ecs-svc deployment (identity.ts): two round trips to ECS. */
async function load(i: HookInvocation, ecs: HookEcs, deps: HookDeps): Promise<Loaded> {
  const described = ecs.revisions.describeServiceDeployments([i.resourceArn]);
  // Settled now, awaited in resolveIdentity: a rejection while the other reads run is not unhandled.
  described.catch(() => undefined);
  const [history, service] = await Promise.all([deps.store.loadHistory(i.ref), ecs.ecs.describeService(i.ref)]);
  const { deploymentId } = await resolveIdentity(i, described, ecs.revisions, service?.deployments ?? []);
  return {
    state: history.state,
    deployment: history.deployments.find((d) => d.deploymentId === deploymentId),
    service,
    deploymentId,
  };
}

/** The decision, once per deployment; its notice is sent by the invocation that recorded it. */
async function decideAndTell(
  deps: HookDeps,
  i: HookInvocation,
  answer: HookAnswer,
  loaded: Loaded | undefined,
  now: Date,
): Promise<string | undefined> {
  const decision = hookDecision(i, answer);
  const record = hookDecisionRecord(decision, answer, now.toISOString());
  const notice = noticeWanted(i.ref, decision, record, deps.config);
  const done = await deps.store.complete(i.ref, record, notice, { lockSeconds: deps.config.guards.lockSeconds });
  if (done.status === "completed") return send(deps, i.ref, decision.key, notice);
  // Recorded before, but its message is still in the outbox (that invocation's publish failed,
  // or its answer was lost): past the grace left to its own invocation, this one sends it.
  const pending = loaded?.state?.outbox?.[decision.key];
  if (pending && Date.parse(pending.at) <= now.getTime() - OUTBOX_GRACE_MS)
    return send(deps, i.ref, decision.key, pending.notice);
  return undefined;
}

/** A failed publish leaves the message in the outbox for the next invocation: the answer to ECS never waits on chat. */
async function send(
  deps: HookDeps,
  ref: ServiceRef,
  key: string,
  notice: Notice | undefined,
): Promise<string | undefined> {
  try {
    await deliver(ref, key, notice, { notifier: deps.notifier, store: deps.store });
    return undefined;
  } catch (error) {
    return `notice left in the outbox: ${describe(error)}`;
  }
}

/** Writes the answer to the timeline; a history that cannot be written never changes the answer. */
async function finish(
  deps: HookDeps,
  ref: ServiceRef | undefined,
  i: HookInvocation | undefined,
  answer: HookAnswer,
  now: Date,
  problems: string[] = [],
): Promise<HookOutcome> {
  if (ref) {
    const entry = {
      time: now.toISOString(),
      executionId: answer.state.executionId,
      answer: answer.state.answers,
      stage: i?.stage ?? "unknown",
      deploymentId: i?.deploymentId,
      hookStatus: answer.response.hookStatus,
      verdict: answer.verdict,
      rule: answer.rule,
      mode: answer.mode,
      reason: answer.reason,
      callBackDelay: answer.response.callBackDelay,
    };
    await deps.answers
      .recordAnswer(ref, entry)
      .catch((error: unknown) => problems.push(`answer not recorded: ${describe(error)}`));
  }
  return { response: answer.response, answer, ref, invocation: i, problems };
}

/** The service's mode for the judging capability (roles.ts); without its tags (ECS unreadable) the configured one. */
function governing(deps: HookDeps, ref: ServiceRef | undefined, service: ServiceDescription | undefined): Governing {
  const policies = ref ? resolveSettings(deps.config, ref, service?.tags).policies : deps.config.policies;
  return { mode: revisionJudge(policies).mode, killSwitch: deps.config.killSwitch, hook: deps.config.deploymentHook };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function executionIdOf(raw: unknown): string | undefined {
  const id = (raw as { executionId?: unknown } | null | undefined)?.executionId;
  return typeof id === "string" ? id : undefined;
}
