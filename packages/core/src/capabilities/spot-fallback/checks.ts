import { globsOverlap } from "../../config/glob.ts";
import type { ConfigCheckView } from "../../engine/policy.ts";
import type { SpotFallbackSettings } from "./settings.ts";

// Spot fallback's rules across keys (config/checks.ts runs them with every capability's).

type Backoff = {
  cooldownMinutes: number;
  maxBackoffMinutes: number;
  from: { cooldownMinutes: string; maxBackoffMinutes: string };
};

/**
 * The cool-down doubles after each relapse up to maxBackoffMinutes, so the cap below the first
 * cool-down makes no sense. Checked globally and for each override as a service matching it
 * sees the values: the global settings, then every earlier override whose globs can match the
 * same services, then the override itself. A service's own tags come later (resolve.ts) and
 * are validated one by one, not against this rule.
 */
export function backoffProblems(view: ConfigCheckView<SpotFallbackSettings>): string[] {
  const global = view.settings;
  const start: Backoff = {
    ...pick(global),
    from: { cooldownMinutes: "policies.spot-fallback", maxBackoffMinutes: "policies.spot-fallback" },
  };
  const problems = backoffProblem(start, "policies.spot-fallback");
  view.overrides.forEach((o, i) => {
    if (!touchesBackoff(o)) return;
    const seen = view.overrides
      .slice(0, i + 1)
      .map((earlier, j) => ({ earlier, j }))
      .filter(
        ({ earlier, j }) =>
          j === i ||
          (touchesBackoff(earlier) &&
            globsOverlap(earlier.cluster, o.cluster) &&
            globsOverlap(earlier.service, o.service)),
      )
      .reduce((acc, { earlier, j }) => apply(acc, earlier, `overrides.${j}`), start);
    problems.push(...backoffProblem(seen, `overrides.${i}.policies.spot-fallback`, `${o.cluster}/${o.service}`));
  });
  return problems;
}

type Override = ConfigCheckView<SpotFallbackSettings>["overrides"][number];

const touchesBackoff = (o: Override) =>
  o.settings?.cooldownMinutes !== undefined || o.settings?.maxBackoffMinutes !== undefined;

const pick = (s: { cooldownMinutes: number; maxBackoffMinutes: number }) => ({
  cooldownMinutes: s.cooldownMinutes,
  maxBackoffMinutes: s.maxBackoffMinutes,
});

function apply(acc: Backoff, o: Override, where: string): Backoff {
  const s = o.settings;
  const next = { ...acc, from: { ...acc.from } };
  if (s?.cooldownMinutes !== undefined)
    [next.cooldownMinutes, next.from.cooldownMinutes] = [s.cooldownMinutes, `${where}.policies.spot-fallback`];
  if (s?.maxBackoffMinutes !== undefined)
    [next.maxBackoffMinutes, next.from.maxBackoffMinutes] = [s.maxBackoffMinutes, `${where}.policies.spot-fallback`];
  return next;
}

function backoffProblem(b: Backoff, key: string, services?: string): string[] {
  if (b.maxBackoffMinutes >= b.cooldownMinutes) return [];
  const origin = (k: keyof Backoff["from"]) => (b.from[k] === key ? "" : ` (from ${b.from[k]})`);
  const where = services ? ` for services matching ${services}` : "";
  // Name the key this entry set, so the message points at the line to change.
  const named = b.from.maxBackoffMinutes === key ? "maxBackoffMinutes" : "cooldownMinutes";
  return [
    `${key}.${named}: maxBackoffMinutes ${b.maxBackoffMinutes}${origin("maxBackoffMinutes")} is less than cooldownMinutes ${b.cooldownMinutes}${origin("cooldownMinutes")}${where}: the cap of the cool-down must be at least the cool-down`,
  ];
}

/**
 * Counterparts name Managed Instances pairs: Fargate's is fixed, and a counterpart has to be
 * another, on-demand provider (a chain of "counterparts" would fall back onto Spot again).
 */
export function counterpartProblems(view: ConfigCheckView<SpotFallbackSettings>): string[] {
  const problems = pairProblems(view.settings.counterparts, "policies.spot-fallback");
  view.overrides.forEach((o, i) =>
    problems.push(...pairProblems(o.settings?.counterparts ?? {}, `overrides.${i}.policies.spot-fallback`)),
  );
  return problems;
}

function pairProblems(pairs: Readonly<Record<string, string>>, key: string): string[] {
  return Object.entries(pairs).flatMap(([spot, onDemand]) => {
    const at = `${key}.counterparts.${spot}`;
    if (spot === "FARGATE_SPOT" || spot === "FARGATE")
      return [
        `${at}: FARGATE_SPOT always falls back to FARGATE; counterparts are for Managed Instances Spot providers`,
      ];
    if (spot === onDemand) return [`${at}: the on-demand counterpart must be another capacity provider`];
    if (Object.hasOwn(pairs, onDemand))
      return [`${at}: ${onDemand} is named as a Spot provider itself; the counterpart must be on-demand`];
    return [];
  });
}

/** Every rule across spot-fallback's keys. */
export const spotConfigProblems = (view: ConfigCheckView<SpotFallbackSettings>): string[] => [
  ...backoffProblems(view),
  ...counterpartProblems(view),
];
