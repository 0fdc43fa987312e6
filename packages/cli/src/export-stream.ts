import type { ArchivedEnvelope, ArchiveRange, ArchiveReads } from "@ecs-guardrails/aws/history/archive-reads";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import type { Place } from "@ecs-guardrails/core/model/service-ref";
import { type RecordedDecision, recordedLine, serviceLine } from "./replay/recorded.ts";
import { serviceSeed } from "./replay/service-seed.ts";

// What `guardrails export` writes, across the accounts of a hub (docs/replay.md#several-accounts):
// every line names the account and Region it comes from. A member's history is keyed with its
// account and Region, home's as it always was; the envelopes say which account sent them, and
// the history says whether that account's services are kept as a member's.

/** An account, and optionally one Region of it (`--account ACCOUNT[/REGION]`). */
export type AccountFilter = { account: string; region?: string | undefined };

export type ExportedStream = {
  envelopes: ArchivedEnvelope[];
  services: Record<string, unknown>[];
  decisions: RecordedDecision[];
};

type Named = { cluster: string; service: string; where: Place | undefined; member: boolean };

export async function readStream(
  reads: ArchiveReads,
  range: ArchiveRange,
  account: AccountFilter | undefined,
): Promise<ExportedStream> {
  const envelopes = (await reads.envelopes(range)).filter((e) => inAccount(placeOfEnvelope(e), account));
  const named = await servicesOf(reads, envelopes);
  const services: Record<string, unknown>[] = [];
  for (const s of named)
    for (const seed of await reads.seeds([refOf(s)], range))
      services.push(serviceLine({ ...(s.where ?? {}), ...serviceSeed(seed.service, seed.knownGood, seed.drained) }));
  return { envelopes, services, decisions: await decisionsOf(reads, range, envelopes, named, account) };
}

/** The decisions on the named services' clusters: home's clusters as before, each member's under its place. */
async function decisionsOf(
  reads: ArchiveReads,
  range: ArchiveRange,
  envelopes: readonly ArchivedEnvelope[],
  named: readonly Named[],
  account: AccountFilter | undefined,
): Promise<RecordedDecision[]> {
  const members = named.filter((s) => s.member);
  const memberKeys = new Set(members.map((s) => key(s.where, s.cluster)));
  const homeEnvelopes = envelopes.filter((e) => e.cluster && !memberKeys.has(key(placeOfEnvelope(e), e.cluster)));
  const homeClusters =
    range.cluster && !account ? [range.cluster] : unique(homeEnvelopes.map((e) => e.cluster!).filter(Boolean));
  // Home's lines name home's account and Region too, as its envelopes do (one place, else none).
  const homePlaces = unique(homeEnvelopes.map((e) => JSON.stringify(placeOfEnvelope(e) ?? null)));
  const homeWhere = homePlaces.length === 1 ? (JSON.parse(homePlaces[0]!) as Place | null) : null;
  const decided: { entry: TimelineEntry; where: Place | undefined }[] = [];
  for (const entry of await reads.decisions(homeClusters, range))
    decided.push({ entry, where: homeWhere ?? undefined });
  for (const place of uniquePlaces(members.map((s) => s.where!))) {
    const clusters = unique(members.filter((s) => samePlace(s.where, place)).map((s) => s.cluster));
    for (const entry of await reads.decisions(clusters, range, place)) decided.push({ entry, where: place });
  }
  return decided
    .sort((a, b) => a.entry.time.localeCompare(b.entry.time))
    .flatMap(({ entry, where }) => {
      const line = recordedLine(entry);
      return line ? [{ ...line, ...(where ?? {}) }] : [];
    });
}

/** The services the envelopes name, each once, in order of first appearance, where the history keeps them. */
async function servicesOf(reads: ArchiveReads, envelopes: readonly ArchivedEnvelope[]): Promise<Named[]> {
  const seen = new Map<string, Named>();
  for (const e of envelopes) {
    if (!e.cluster || !e.service) continue;
    const where = placeOfEnvelope(e);
    const k = `${key(where, e.cluster)}/${e.service}`;
    if (seen.has(k)) continue;
    const named = { cluster: e.cluster, service: e.service, where, member: false };
    named.member = where !== undefined && (await reads.holds({ ...where, cluster: e.cluster, service: e.service }));
    seen.set(k, named);
  }
  return [...seen.values()];
}

const refOf = (s: Named) => ({ cluster: s.cluster, service: s.service, ...(s.member ? s.where : {}) });

/** The account and Region an envelope names (EventBridge always sets both). */
function placeOfEnvelope(e: ArchivedEnvelope): Place | undefined {
  const { account, region } = (e.envelope ?? {}) as { account?: unknown; region?: unknown };
  return typeof account === "string" && typeof region === "string" ? { account, region } : undefined;
}

function inAccount(place: Place | undefined, filter: AccountFilter | undefined): boolean {
  if (!filter) return true;
  return place?.account === filter.account && (!filter.region || place.region === filter.region);
}

const key = (place: Place | undefined, cluster: string) =>
  `${place ? `${place.account}/${place.region}/` : ""}${cluster}`;
const samePlace = (a: Place | undefined, b: Place) => a?.account === b.account && a.region === b.region;
const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];
const uniquePlaces = (places: readonly Place[]) =>
  unique(places.map((p) => JSON.stringify(p))).map((p) => JSON.parse(p) as Place);
