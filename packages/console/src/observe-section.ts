import type { DeploymentRecord, TimelineEntry } from "@ecs-guardrails/core/history/model";
import { observeEvidence, type ServiceEvidence } from "@ecs-guardrails/core/history/observe-evidence";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import { evidenceOf } from "@ecs-guardrails/core/registry";
import { onDemandTaskHour, type TaskSize } from "@ecs-guardrails/core/pricing/fargate";
import { badge, h, table, when, type Html } from "./html.ts";

// The service page's "Observe: the evidence to switch to enforce" section: for the last
// OBSERVE_DAYS days, what each policy in observe would have done, what happened next and a
// verdict; a line where observe cannot know what enforce would have seen says so
// (docs/observe-to-enforce.md). `guardrails observe-report` prints the same lines.

export const OBSERVE_DAYS = 14;

/**
 * The evidence from what the page read (the newest timeline entries and every deployment); a
 * window's savings in $ when the task's size is known (the right-sizing recommendation's current).
 */
export function pageEvidence(
  ref: ServiceRef,
  timeline: readonly TimelineEntry[],
  deployments: readonly DeploymentRecord[],
  now: Date,
  size?: TaskSize,
): ServiceEvidence {
  const since = new Date(now.getTime() - OBSERVE_DAYS * 86_400_000).toISOString();
  const taskHourPrice = size ? onDemandTaskHour(size) : undefined;
  return observeEvidence({ ref, since, now: now.toISOString(), timeline, deployments, taskHourPrice }, evidenceOf);
}

const VERDICT_CLASS = { agreed: "v-agreed", "observe would have been wrong": "v-wrong", unknown: "v-unknown" } as const;

export function observeSection(evidence: ServiceEvidence): Html {
  const { agreed, unknown } = evidence.counts;
  const wrong = evidence.counts["observe would have been wrong"];
  const summary = evidence.lines.length
    ? h`<p class="observe-summary">In the last ${OBSERVE_DAYS} days, ${evidence.lines.length} action(s) observe would have taken: <strong>${agreed} agreed</strong>, <strong>${wrong} observe would have been wrong</strong>, <strong>${unknown} unknown</strong>.</p>`
    : "";
  return h`${summary}${table(
    `What observe would have done in the last ${OBSERVE_DAYS} days, and what happened next`,
    ["time", "policy", "would have", "what happened next", "verdict"],
    evidence.lines.map((l) => [
      when(l.at),
      l.policy,
      l.wouldHave,
      h`${l.next}${l.caveat ? h`<br><span class="caveat">${l.caveat}</span>` : ""}`,
      badge(VERDICT_CLASS[l.verdict], l.verdict),
    ]),
    { name: "observe", empty: `No policy in observe mode would have acted in the last ${OBSERVE_DAYS} days.` },
  )}`;
}
