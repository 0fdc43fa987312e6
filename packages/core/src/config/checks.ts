import type { GuardrailsConfig } from "./schema.ts";
import { globsOverlap } from "./glob.ts";
import { POLICIES, SECTIONS } from "../registry.ts";
import type { ConfigCheckView, PolicyDefinition, SectionDefinition } from "../engine/policy.ts";

export { globsOverlap };

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
  const settingOf = (id: string, key: string) =>
    (config.policies as Record<string, Record<string, unknown> | undefined>)[id]?.[key];
  const view = (settings: unknown, id: string): ConfigCheckView<never> => ({
    settings: settings as never,
    overrides: config.overrides.map((o) => ({
      cluster: o.cluster,
      service: o.service,
      settings: (o.policies as Record<string, never>)[id],
    })),
    scope: config.scope,
    settingOf,
  });
  const policies = Object.values(POLICIES).flatMap(
    (d: PolicyDefinition<never>) =>
      d.configProblems?.(view(config.policies[d.id as keyof typeof config.policies], d.id)) ?? [],
  );
  const sections = Object.entries(SECTIONS).flatMap(
    ([key, d]: [string, SectionDefinition<never>]) =>
      d.configProblems?.(view(config[key as keyof typeof SECTIONS], d.id)) ?? [],
  );
  return [...lockProblems(config), ...policies, ...sections];
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
    return [
      `guards.lockSeconds: ${seconds} is shorter than the longest function timeout (${min} s): another invocation could take over the lock of one still acting; use ${min} to ${max}`,
    ];
  }
  if (seconds > max) {
    return [
      `guards.lockSeconds: ${seconds} is longer than Lambda's retry waits (${ASYNC_RETRY_WAITS_SECONDS.join(" + ")} s): a dead invocation's claim would still block the last retry and the event would end in the dead-letter queue; use ${min} to ${max}`,
    ];
  }
  return [];
}
