import {
  elapsed,
  type Afterwards,
  type EvidenceOf,
  type Followed,
  type ObservedAction,
} from "../../history/observe-evidence.ts";

// What followed a Spot fallback observe would have made (the observe report): Spot came back by
// itself (observe's own return of the incident says when, and what on-demand would have cost),
// or it was still short at the end of the period. Pure.

export const fallbackEvidence: EvidenceOf = { next: (observed, after) => fallbackNext(observed, after) };

function fallbackNext(observed: ObservedAction, after: Afterwards): Followed {
  const back = after.decisions.find(
    (d) =>
      d.action.type === "capacity-restore" &&
      d.facts["incident"] === observed.facts["incident"] &&
      d.at > observed.at &&
      !d.key.includes("staged-return"),
  );
  if (!back)
    return {
      next: `Spot was still short at the end of the period (${elapsed(observed.at, after.now)} later)`,
      verdict: "unknown",
    };
  const cost = back.facts["extraCost"] ? `, about $${back.facts["extraCost"]} more on on-demand` : "";
  return {
    next: `the Spot shortage cleared by itself: observe would have returned to Spot ${elapsed(observed.at, back.at)} later${cost}`,
    verdict: "agreed",
  };
}

// Enforce hands over, and does not return, when a person changed the strategy its fallback set;
// observe never set it. (An enforced incident's return is carried out, so never observed.)
export const restoreEvidence: EvidenceOf = {
  next: (observed) => ({
    next: `ends the fallback of ${observed.facts["since"] ?? "its incident"} (${observed.facts["durationHours"] ?? "?"} hours on on-demand)`,
    verdict: "agreed",
  }),
  cannotKnow: () => "a person's change to a strategy it never set",
};
