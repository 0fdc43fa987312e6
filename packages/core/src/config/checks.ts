import { scheduleReferenceProblems } from "../capabilities/scheduled-scaling/settings.ts";
import type { GuardrailsConfig } from "./schema.ts";
import { globsOverlap, isGlob } from "./glob.ts";

export { globsOverlap };
import { pipelineProblems } from "../capabilities/deploy-stage/checks.ts";

// Rules that span keys, checked on the parsed configuration (defaults filled in) after the
// schema: a value can be valid on its own and still not work next to another one. Each
// problem names the key to change, like the schema's own messages.

/**
 * The functions' timeouts, in seconds. packages/infra deploys the functions with these, and
 * the lock rule below depends on them: change them here, not there.
 */
export const FUNCTION_TIMEOUT_SECONDS = { ingest: 30, reconcile: 120, pipeline: 30 } as const;

/**
 * Lambda's asynchronous retries (EventBridge and Scheduler invoke asynchronously): after a
 * failed attempt it waits at least 1 minute before the first retry and 2 minutes before the
 * second. A throttled or busy function can wait longer, never shorter.
 */
export const ASYNC_RETRY_WAITS_SECONDS = [60, 120] as const;

const LONGEST_INVOCATION_SECONDS = Math.max(...Object.values(FUNCTION_TIMEOUT_SECONDS));
const RETRY_WINDOW_SECONDS = ASYNC_RETRY_WAITS_SECONDS.reduce((sum, wait) => sum + wait, 0);

/** The range `guards.lockSeconds` must fall in; see lockProblems for why. */
export const LOCK_SECONDS_RANGE = { min: LONGEST_INVOCATION_SECONDS, max: RETRY_WINDOW_SECONDS } as const;

/** Every cross-key problem of a parsed configuration, as "key: why" lines (none: it works). */
export function configProblems(config: GuardrailsConfig): string[] {
  return [...lockProblems(config), ...alarmProblems(config), ...backoffProblems(config), ...scheduleReferenceProblems(config.policies["scheduled-scaling"], config.overrides), ...pipelineProblems(config)];
}

/**
 * A claim (and the service lock) taken at time t is stale at t + lockSeconds.
 * - A live invocation must never lose it: it claims after it started and Lambda stops it at
 *   its timeout, so lockSeconds ≥ the longest function timeout keeps the claim until the
 *   invocation is over.
 * - A dead invocation's claim must be stale before the last retry: the invocation that died
 *   (timed out, crashed) claimed before it ended, and Lambda's last retry starts at least
 *   60 + 120 s after that end. With lockSeconds ≤ 180 the retry takes the claim over; longer,
 *   the retry finds it busy, fails, and the event goes to the dead-letter queue.
 */
function lockProblems(config: GuardrailsConfig): string[] {
  const seconds = config.guards.lockSeconds;
  const { min, max } = LOCK_SECONDS_RANGE;
  if (seconds < min) {
    return [`guards.lockSeconds: ${seconds} is shorter than the longest function timeout (${min} s): another invocation could take over the lock of one still acting; use ${min} to ${max}`];
  }
  if (seconds > max) {
    return [`guards.lockSeconds: ${seconds} is longer than Lambda's retry waits (${ASYNC_RETRY_WAITS_SECONDS.join(" + ")} s): a dead invocation's claim would still block the last retry and the event would end in the dead-letter queue; use ${min} to ${max}`];
  }
  return [];
}


/** Alarms map to services only in overrides naming one cluster and one service exactly. */
function alarmProblems(config: GuardrailsConfig): string[] {
  const problems: string[] = [];
  if (config.policies["auto-rollback"].alarms.length > 0) {
    problems.push("policies.auto-rollback.alarms: an alarm belongs to one service: map it in an override naming one cluster and one service exactly (a global alarm would never be matched)");
  }
  config.overrides.forEach((o, i) => {
    if ((o.policies["auto-rollback"]?.alarms?.length ?? 0) > 0 && (isGlob(o.cluster) || isGlob(o.service))) {
      problems.push(`overrides.${i}.policies.auto-rollback.alarms: alarms need an override naming one cluster and one service exactly, not the globs ${o.cluster}/${o.service}`);
    }
  });
  return problems;
}

type Backoff = { cooldownMinutes: number; maxBackoffMinutes: number; from: { cooldownMinutes: string; maxBackoffMinutes: string } };

/**
 * The cool-down doubles after each relapse up to maxBackoffMinutes, so the cap below the first
 * cool-down makes no sense. Checked globally and for each override as a service matching it
 * sees the values: the global settings, then every earlier override whose globs can match the
 * same services, then the override itself. A service's own tags come later (resolve.ts) and
 * are validated one by one, not against this rule.
 */
function backoffProblems(config: GuardrailsConfig): string[] {
  const global = config.policies["spot-fallback"];
  const start: Backoff = { ...pick(global), from: { cooldownMinutes: "policies.spot-fallback", maxBackoffMinutes: "policies.spot-fallback" } };
  const problems = backoffProblem(start, "policies.spot-fallback");
  config.overrides.forEach((o, i) => {
    if (!touchesBackoff(o)) return;
    const seen = config.overrides
      .slice(0, i + 1)
      .map((earlier, j) => ({ earlier, j }))
      .filter(({ earlier, j }) => j === i || (touchesBackoff(earlier) && globsOverlap(earlier.cluster, o.cluster) && globsOverlap(earlier.service, o.service)))
      .reduce((acc, { earlier, j }) => apply(acc, earlier, `overrides.${j}`), start);
    problems.push(...backoffProblem(seen, `overrides.${i}.policies.spot-fallback`, `${o.cluster}/${o.service}`));
  });
  return problems;
}

type Override = GuardrailsConfig["overrides"][number];

const touchesBackoff = (o: Override) => o.policies["spot-fallback"]?.cooldownMinutes !== undefined || o.policies["spot-fallback"]?.maxBackoffMinutes !== undefined;

const pick = (s: { cooldownMinutes: number; maxBackoffMinutes: number }) => ({ cooldownMinutes: s.cooldownMinutes, maxBackoffMinutes: s.maxBackoffMinutes });

function apply(acc: Backoff, o: Override, where: string): Backoff {
  const s = o.policies["spot-fallback"];
  const next = { ...acc, from: { ...acc.from } };
  if (s?.cooldownMinutes !== undefined) [next.cooldownMinutes, next.from.cooldownMinutes] = [s.cooldownMinutes, `${where}.policies.spot-fallback`];
  if (s?.maxBackoffMinutes !== undefined) [next.maxBackoffMinutes, next.from.maxBackoffMinutes] = [s.maxBackoffMinutes, `${where}.policies.spot-fallback`];
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

