import {
  elapsed,
  type Afterwards,
  type EvidenceOf,
  type Followed,
  type ObservedAction,
} from "../../history/observe-evidence.ts";

// What followed a window's change observe would have made (the observe report): the window held
// for so long and would have saved (or cost) so many task-hours, in $ when the task's price is
// known; a window still holding at the end of the period is not judged yet. Pure.

export const scaleEvidence: EvidenceOf = {
  next: (observed, after) => next(observed, after),
  // Enforce hands over, and does not restore, when a person changed the capacity its window set;
  // observe never set it. (A window started in enforce is restored as enforced, so never observed.)
  cannotKnow: (observed) =>
    observed.key.includes("#end#") ? "a person's change to a capacity it never set" : undefined,
};

function next(observed: ObservedAction, after: Afterwards): Followed {
  const occurrence = observed.facts["occurrence"];
  if (!observed.key.includes("#start#"))
    return { next: `puts back the values saved at the start of ${windowOf(observed.facts)}`, verdict: "agreed" };
  const end = after.decisions.find(
    (d) =>
      d.policy === observed.policy &&
      d.key.includes("#end#") &&
      d.facts["occurrence"] === occurrence &&
      d.at > observed.at,
  );
  if (!end) return { next: `${windowOf(observed.facts)} still held at the end of the period`, verdict: "unknown" };
  const hours = (Date.parse(end.at) - Date.parse(observed.at)) / 3_600_000;
  // The end puts back what the start changed: tasks (or, with auto scaling, the minimum) before and during.
  const fewer = tasks(end.action) - tasks(observed.action);
  if (!Number.isFinite(fewer) || fewer === 0)
    return { next: `${windowOf(observed.facts)} held for ${elapsed(observed.at, end.at)}`, verdict: "agreed" };
  const taskHours = Math.abs(fewer) * hours;
  const price = after.taskHourPrice;
  const dollars = price !== undefined ? ` (about $${(taskHours * price).toFixed(2)})` : "";
  return {
    next: `${windowOf(observed.facts)} held for ${elapsed(observed.at, end.at)}: it would have ${fewer > 0 ? "saved" : "cost"} ${taskHours.toFixed(1)} task-hours${dollars}`,
    verdict: "agreed",
  };
}

const tasks = (action: { [field: string]: unknown }) => Number(action["desiredCount"] ?? action["minCapacity"]);
const windowOf = (facts: Record<string, string>) => `window "${facts["window"] ?? "?"}"`;
