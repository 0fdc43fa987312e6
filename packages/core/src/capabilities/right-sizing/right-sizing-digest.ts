import { inScope, resolveSettings } from "../../config/resolve.ts";
import type { GuardrailsConfig } from "../../config/schema.ts";
import type { Notice, Notifier } from "../../notifications/notice.ts";
import type { Clock } from "../../engine/ports.ts";
import { digestNotice, digestOf } from "./digest.ts";
import type { RecommendationStore } from "./ports.ts";
import type { ServiceEvidence } from "../../history/observe-evidence.ts";
import { observeDigestSection } from "../../history/observe-digest.ts";

// The weekly right-sizing digest: ONE notice for every service in scope (never one per
// service), from the recommendations the daily runs stored. Once per week: the week is claimed
// in the history before publishing, so a re-run, a retry or a second schedule the same week
// sends nothing. A publish that fails releases the claim, so the retry sends it.

export type DigestDeps = {
  config: GuardrailsConfig;
  recommendations: RecommendationStore;
  notifier: Notifier;
  clock: Clock;
  /** The week's observe evidence of every service in scope (history/observe-reads.ts): its own section. */
  observed?: (since: string, now: string) => Promise<ServiceEvidence[]>;
};

export type DigestResult =
  | { status: "sent"; week: string; notice: Notice; services: number }
  | { status: "already-sent"; week: string }
  | { status: "nothing-to-say"; week: string; reason: string };

/** A recommendation older than this is of a service the runs no longer see (deleted, out of scope). */
const FRESH_DAYS = 8;

export async function sendWeeklyDigest(deps: DigestDeps): Promise<DigestResult> {
  const now = deps.clock.now();
  const week = weekOf(now);
  const settings = deps.config.policies["right-sizing"];
  if (settings.mode === "off") return { status: "nothing-to-say", week, reason: "right-sizing is off" };
  const since = new Date(now.getTime() - FRESH_DAYS * 86_400_000).toISOString();
  const stored = (await deps.recommendations.list()).filter(
    (s) =>
      s.at >= since &&
      inScope(deps.config, s.recommendation.ref) &&
      resolveSettings(deps.config, s.recommendation.ref).policies["right-sizing"].mode !== "off",
  );
  if (stored.length === 0)
    return { status: "nothing-to-say", week, reason: `no recommendation of the last ${FRESH_DAYS} days` };
  if (!(await deps.recommendations.claimDigest(week, now))) return { status: "already-sent", week };
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const observed = deps.observed
    ? observeDigestSection(await deps.observed(weekAgo, now.toISOString()), weekAgo)
    : undefined;
  const notice = digestNotice(
    digestOf(
      stored.map((s) => s.recommendation),
      settings,
    ),
    week,
    observed,
  );
  try {
    await deps.notifier.publish(notice);
  } catch (error) {
    await deps.recommendations.finishDigest(week, { sent: false, error: (error as Error).message });
    throw error;
  }
  await deps.recommendations.finishDigest(week, {
    sent: true,
    at: deps.clock.now().toISOString(),
    title: notice.title,
  });
  return { status: "sent", week, notice, services: stored.length };
}

/** The week's Monday (UTC), YYYY-MM-DD: the digest's idempotency key. */
export function weekOf(now: Date): string {
  const day = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day)).toISOString().slice(0, 10);
}
