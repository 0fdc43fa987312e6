import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import { observeEvidence, type ServiceEvidence } from "@ecs-guardrails/core/history/observe-evidence";
import { evidenceOf } from "@ecs-guardrails/core/registry";
import { DynamoConsoleStore } from "@ecs-guardrails/console/store";
import { type CommandRun, UsageError } from "./command.ts";
import { knownServices } from "./known-services.ts";
import type { Out } from "./output.ts";
import { withTable } from "./table.ts";
import { age } from "./values.ts";

type ReportFlags = {
  since: number;
  cluster?: string;
  service?: string;
  json?: boolean;
  table?: string;
  region?: string;
};

/** Runs `guardrails observe-report`: commands/observe-report.ts declares it, and imports this module when it runs. */
export const run: CommandRun = (_args, options, { out, env }) => report(options as ReportFlags, out, env);

async function report(flags: ReportFlags, out: Out, env: NodeJS.ProcessEnv): Promise<number> {
  if (flags.region && !flags.table) throw new UsageError("--region applies to a deployed table: pass --table NAME too");
  const now = new Date();
  const since = new Date(now.getTime() - (typeof flags.since === "number" ? flags.since : age(String(flags.since))));
  const { evidence, known } = await withTable(flags, env, async (client, tableName) => {
    const summaries = await new DynamoConsoleStore(client, tableName).services();
    const chosen = summaries.filter(
      (s) =>
        (!flags.cluster || s.state.cluster === flags.cluster) && (!flags.service || s.state.service === flags.service),
    );
    const history = new DynamoHistoryStore({ client, tableName });
    const evidence: ServiceEvidence[] = [];
    for (const s of chosen) {
      const ref = { cluster: s.state.cluster, service: s.state.service };
      const timeline = await timelineSince(history, ref, since.toISOString());
      evidence.push(
        observeEvidence(
          { ref, since: since.toISOString(), now: now.toISOString(), timeline, deployments: s.deployments },
          evidenceOf,
        ),
      );
    }
    return { evidence, known: summaries.map((s) => `${s.state.cluster}/${s.state.service}`) };
  });
  if (flags.service && evidence.length === 0)
    throw new UsageError(
      `no service ${flags.cluster ?? "*"}/${flags.service} in the history (${knownServices(known)})`,
    );
  if (flags.json) evidence.forEach((e) => out.json(e));
  else out.line(text(evidence, since.toISOString()));
  return 0;
}

async function timelineSince(history: DynamoHistoryStore, ref: ServiceRef, since: string): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await history.timeline(ref, { since, limit: 1000, ...(cursor ? { cursor } : {}) });
    entries.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return entries;
}

/**
 * Per service with something observed: one line of counts, then each action with what happened
 * next, its verdict and, where observe cannot know, why (whole sentences: never cut to a column).
 */
export function text(evidence: readonly ServiceEvidence[], since: string): string {
  const shown = evidence.filter((e) => e.lines.length > 0);
  if (shown.length === 0) return `No policy in observe mode would have acted since ${since}.`;
  return shown
    .map((e) => {
      const { agreed, unknown } = e.counts;
      const wrong = e.counts["observe would have been wrong"];
      const head = `${e.cluster}/${e.service} since ${since}: ${e.lines.length} observed action(s): ${agreed} agreed, ${wrong} observe would have been wrong, ${unknown} unknown`;
      const lines = e.lines.map((l) =>
        [
          `  ${l.at}  ${l.policy}  would have: ${l.wouldHave}`,
          `      next: ${l.next}`,
          `      verdict: ${l.verdict}`,
          ...(l.caveat ? [`      note: ${l.caveat}`] : []),
        ].join("\n"),
      );
      return [head, ...lines].join("\n");
    })
    .join("\n\n");
}
