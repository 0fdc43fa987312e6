import type { Mode } from "./config/policy-settings.ts";
import type { PolicySettings } from "./config/schema.ts";
import type { PolicyDefinition } from "./engine/policy.ts";
import type { RevisionJudgement } from "./model/judgement/revision.ts";
import type { ServiceState } from "./history/model.ts";
import { POLICIES, type PolicyId } from "./registry.ts";

// What one capability lends the others, found in the registry by the role its entry declares
// (engine/policy.ts PolicyDefinition), never by its name: the deployment hook and the deploy
// stage judge a revision with the settings of the capability that judges revisions, and the
// pipeline gate asks every capability whether its state for the service holds deploys.

const definitions = Object.values(POLICIES) as PolicyDefinition<never>[];

const judge = definitions.find((d) => d.judgesRevisions);
if (!judge) throw new Error("no capability in the registry judges revisions (judgesRevisions)");

/** The capability whose settings judge a target revision: decisions taken with its judgement are recorded under its id. */
export const REVISION_JUDGE = judge.id as PolicyId;

/** The judging capability's mode and judgement for a service, from that service's resolved settings. */
export function revisionJudge(policies: PolicySettings): { mode: Mode; judgement: RevisionJudgement } {
  const settings = policies[REVISION_JUDGE];
  return { mode: settings.mode, judgement: judge!.judgesRevisions!(settings as never) };
}

/** What holds a deploy of the service: each capability whose stored state says so, with its id and why. */
export function deployHolds(state: ServiceState | undefined): { by: PolicyId; text: string }[] {
  return definitions.flatMap((d) => {
    const text = d.holdsDeploys?.(state?.policies[d.id] as Record<string, unknown> | undefined);
    return text ? [{ by: d.id as PolicyId, text }] : [];
  });
}
