import type { ServiceRef } from "../events/model.ts";
import type { TimelineEntry } from "../history/model.ts";
import type { Notice } from "../notifications/notice.ts";

// The one claim-once ledger. The engine's decisions (ports.ts DecisionStore, which extends it),
// the deploy stage's job answers and the deployment hook's answers all keep their "once" here:
//  - a key is claimed before anything is decided, so a retry or a duplicate never decides again;
//  - the intent (what is about to be done: the reply to send) is stored on the claim before it
//    is done; whoever finds it there replays that same intent instead of deciding afresh;
//  - done is final;
//  - a record is written once, and its message goes into the service's outbox in the same
//    write; the outbox is delivered (engine/deliver.ts) until the notifier takes the message.

/** What claiming found: a fresh claim, or an earlier one with its intent (if stored) and whether it is done. */
export type LedgerClaim<I> = { status: "claimed" } | { status: "claimed-before"; intent: I | undefined; done: boolean };

/** A message in the service's outbox, under a key unique to the record it belongs to. */
export type OutboxEntry = { key: string; at: string; notice: Notice };

export interface Ledger {
  /** Claims `key` (first writer wins); a claim already there is returned as it stands. */
  claimOnce<I>(key: string, at: string): Promise<LedgerClaim<I>>;
  /** Stores the intent on the claim unless one is there already; returns the intent that stands. */
  saveIntent<I>(key: string, intent: I): Promise<I>;
  /** The claim's intent was carried out: final. */
  markDone(key: string, at: string): Promise<void>;
  /** The entry in the service's timeline, once per its eventId; with `outbox`, its message written in the same write. */
  recordOnce(ref: ServiceRef, entry: TimelineEntry, outbox?: OutboxEntry): Promise<void>;
  /** The notifier took the message: remove it from the service's outbox. */
  delivered(ref: ServiceRef, key: string): Promise<void>;
}
