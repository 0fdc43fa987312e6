import { elapsed, type EvidenceOf } from "../../history/observe-evidence.ts";

// What followed a Spot fallback observe would have made (the observe report): Spot came back by
// itself (observe's own return of the incident says when, and what on-demand would have cost),
// or it was still short at the end of the period. Pure.

export const fallbackEvidence: EvidenceOf = (observed, after) => {
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
};

export const restoreEvidence: EvidenceOf = (observed) => ({
  next: `ends the fallback of ${observed.facts["since"] ?? "its incident"} (${observed.facts["durationHours"] ?? "?"} hours on on-demand)`,
  verdict: "agreed",
});
