import type { PolicySettings } from "../config/schema.ts";
import type { ServiceRef } from "../events/model.ts";
import type { Decision } from "../model/decision.ts";
import type { ServiceDescription } from "../model/description.ts";
import type { Snapshot } from "../model/snapshot.ts";
import type { PolicyId, RegisteredPolicy } from "../registry.ts";
import { advanceRevision, carryOut, seenBy, serviceDeploymentsFor, type EngineResult } from "./carry-out.ts";
import type { EngineDeps } from "./deps.ts";
import { handOver, owedBy, underOwed } from "./owed.ts";
import type { SettingOf } from "./policy.ts";
import type { RevisionCriteria } from "../model/revision-verdict.ts";
import { revisionJudge } from "../roles.ts";

// The pipeline's decide → guard → act → record, one policy at a time, over one snapshot of the
// service. Guards and the record are carry-out.ts's; the policy's own judgement is `decide`.

/** `settingOf`: another capability's setting for the service, by name (a tick may respect another's window). */
export type Chosen = {
  entry: RegisteredPolicy;
  settings: PolicySettings[PolicyId];
  settingOf: SettingOf;
  /** How this service's target revisions are judged: the revision-judging capability's judgement (roles.ts). */
  revision: RevisionCriteria;
};
export type Decide = (
  chosen: Chosen,
  snapshot: Snapshot,
  now: Date,
) => { decisions: Decision[]; state?: Decision["state"] };

/**
 * One pass over the candidates. `snapshot` moves on as the pass does: a quiet state saved
 * advances its revision, and the reconcile's listing is replaced once by a fresh description.
 */
export type Pass = {
  ref: ServiceRef;
  deps: EngineDeps;
  settings: PolicySettings;
  now: Date;
  decide: Decide;
  snapshot: Snapshot;
  /** The reconcile's bulk listing the snapshot started from, until refreshed. */
  known: ServiceDescription | undefined;
};

export async function runPass(pass: Pass, candidates: RegisteredPolicy[]): Promise<EngineResult[]> {
  const results: EngineResult[] = [];
  for (const entry of candidates) results.push(...(await runPolicy(pass, entry)));
  return results;
}

async function runPolicy(pass: Pass, entry: RegisteredPolicy): Promise<EngineResult[]> {
  const { ref, deps } = pass;
  const mode = pass.settings[entry.id].mode;
  const owed = owedBy(entry, pass.snapshot);
  if (mode === "off")
    return owed
      ? [await carryOut(ref, handOver(entry.id, ref, owed, { mode: "off" }), "off", pass.snapshot, deps)]
      : [];
  const outcome = await decided(pass, entry);
  // An observation never overwrites what enforce wrote and still owes (owed.ts).
  const quiet = owed && mode === "observe" ? undefined : outcome.state;
  if (quiet && outcome.decisions.length === 0) await saveQuietly(pass, entry, quiet);
  const results: EngineResult[] = [];
  for (const decided of outcome.decisions) {
    const { decision, mode: as } = owed ? underOwed(decided, mode) : { decision: decided, mode };
    results.push(await carryOut(ref, decision, as, pass.snapshot, deps));
  }
  return results;
}

/** The policy's decisions; on the reconcile's listing, decided again on a fresh description if it decides anything. */
async function decided(pass: Pass, entry: RegisteredPolicy): Promise<ReturnType<Decide>> {
  const chosen = chosenFor(entry, pass.settings);
  let outcome = pass.decide(chosen, pass.snapshot, pass.now);
  if (pass.known && outcome.decisions.length > 0) {
    // The reconcile's bulk listing is a few seconds old (read before the stored state) and
    // carries no task size: decide only on a fresh description of the service, again.
    pass.known = undefined;
    pass.snapshot = { ...pass.snapshot, service: await pass.deps.ecs.describeService(pass.ref) };
    outcome = pass.decide(chosen, pass.snapshot, pass.now);
  }
  const reads = pass.snapshot.serviceDeployments ? undefined : await readsFor(pass, outcome.decisions);
  if (!reads) return outcome;
  // An action whose result shows in ECS's service deployments (a rollback) is decided on
  // them: read only now, when there is one to act on, and decided again.
  pass.snapshot = { ...pass.snapshot, serviceDeployments: reads };
  return pass.decide(chosen, pass.snapshot, pass.now);
}

/** What a policy decides with, from the service's settings. */
export function chosenFor(entry: RegisteredPolicy, settings: PolicySettings): Chosen {
  return {
    entry,
    settings: settings[entry.id],
    settingOf: settingOfIn(settings),
    revision: revisionJudge(settings).judgement,
  };
}

/** ECS's service deployments for the first decision whose action reads them (carry-out.ts). */
async function readsFor(pass: Pass, decisions: Decision[]) {
  for (const d of decisions) {
    const read = d.action ? await serviceDeploymentsFor(pass.ref, d.action, pass.deps) : undefined;
    if (read) return read;
  }
  return undefined;
}

async function saveQuietly(pass: Pass, entry: RegisteredPolicy, state: NonNullable<Decision["state"]>) {
  const id = entry.policy.id;
  if (await pass.deps.store.savePolicyState(pass.ref, id, state, seenBy(pass.snapshot, id, pass.now)))
    advanceRevision(pass.snapshot, id);
}

const settingOfIn =
  (settings: PolicySettings): SettingOf =>
  (id, key) =>
    (settings as Record<string, Record<string, unknown> | undefined>)[id]?.[key];

/**
 * Out of the scope: nothing is decided, but what enforce changed and still owes is handed over
 * (owed.ts). The reconcile still visits such a service while it is on the attention list.
 */
export async function handOverAll(
  ref: ServiceRef,
  deps: EngineDeps,
  candidates: RegisteredPolicy[],
  snapshot: Snapshot,
  settings: PolicySettings,
): Promise<EngineResult[]> {
  const results: EngineResult[] = [];
  for (const entry of candidates) {
    const owed = owedBy(entry, snapshot);
    if (!owed) continue;
    const decision = handOver(entry.id, ref, owed, { outOfScope: true });
    results.push(await carryOut(ref, decision, settings[entry.id].mode, snapshot, deps));
  }
  return results;
}
