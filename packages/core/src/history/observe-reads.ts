import { inScope } from "../config/resolve.ts";
import type { GuardrailsConfig } from "../config/schema.ts";
import type { ServiceLister } from "../engine/gateways.ts";
import type { HistoryReader } from "../engine/ports.ts";
import { onDemandTaskHour } from "../pricing/fargate.ts";
import { evidenceOf } from "../registry.ts";
import type { TimelineEntry } from "./model.ts";
import { observeEvidence, type ServiceEvidence } from "./observe-evidence.ts";

// The observe evidence of every service in scope (the weekly digest's section): ECS lists the
// services, the history gives each one's timeline since `since` and its deployments.

export type EvidenceReads = {
  config: GuardrailsConfig;
  ecs: ServiceLister;
  history: Pick<HistoryReader, "timeline" | "listDeployments">;
};

export async function readEvidence(reads: EvidenceReads, since: string, now: string): Promise<ServiceEvidence[]> {
  const services = (await reads.ecs.listServices(reads.config.scope.clusters)).filter((s) =>
    inScope(reads.config, { cluster: s.cluster, service: s.service }),
  );
  const out: ServiceEvidence[] = [];
  for (const s of services) {
    const ref = { cluster: s.cluster, service: s.service };
    const [timeline, deployments] = await Promise.all([
      timelineSince(reads, ref, since),
      reads.history.listDeployments(ref),
    ]);
    const taskHourPrice = s.taskSize ? onDemandTaskHour(s.taskSize) : undefined;
    out.push(observeEvidence({ ref, since, now, timeline, deployments, taskHourPrice }, evidenceOf));
  }
  return out;
}

async function timelineSince(reads: EvidenceReads, ref: { cluster: string; service: string }, since: string) {
  const entries: TimelineEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await reads.history.timeline(ref, { since, limit: 1000, ...(cursor ? { cursor } : {}) });
    entries.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return entries;
}
