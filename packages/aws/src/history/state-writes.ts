import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { ObservedDeployment } from "@ecs-guardrails/core/history/observed";
import type { HistoryWriter } from "@ecs-guardrails/core/engine/ports";
import type { ImportedHistory } from "@ecs-guardrails/core/history/ecs-history";
import type { ImportSummary } from "@ecs-guardrails/core/model/known-good";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import { observedItems } from "./deployment-writes.ts";
import { importedRecordPut, importStateUpdates, seedPut } from "./import-writes.ts";
import { HistoryReads } from "./history-reads.ts";
import { DEFAULT_RETENTION, type Retention } from "./retention.ts";
import { conditionalUpdate, putOnce, transact } from "./transact.ts";

export type DynamoHistoryOptions = { client: DynamoDBClient; tableName: string; retention?: Partial<Retention> };

/**
 * What the engine writes of a service's history when it looks at the service: the deployments
 * ECS showed finished (observed), and ECS's deployment history imported at first sight. The
 * reconcile writes these alone; the events' writes are DynamoHistoryWrites' (history-writes.ts),
 * so that the reconcile's bundle leaves them out (issue 19).
 * An import (once per service): one conditional put per deployment (at most 20), then 1–3
 * conditional updates of the state item.
 */
export class DynamoStateWrites
  extends HistoryReads
  implements Pick<HistoryWriter, "recordObserved" | "recordImported">
{
  protected readonly retention: Retention;

  constructor(options: DynamoHistoryOptions) {
    super(options.client, options.tableName);
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
  }

  async recordObserved(ref: ServiceRef, deployments: readonly ObservedDeployment[], at: string): Promise<void> {
    // A failed condition means the history has the deployment already: nothing to do.
    for (const d of deployments) await transact(this.client, observedItems(this.table, ref, d, at, this.retention));
  }

  async recordImported(
    ref: ServiceRef,
    imported: ImportedHistory,
    summary: ImportSummary,
    described?: ServiceDescription,
  ): Promise<void> {
    // One conditional put per deployment (at most the import's cap), then the state item's
    // updates, the summary last: an import cut short is repeated, never half-marked as done.
    for (const d of imported.deployments)
      await putOnce(this.client, importedRecordPut(this.table, ref, d, summary.at, this.retention));
    // What replay seeds the service from (guardrails export): written once, at first sight.
    if (described) await putOnce(this.client, seedPut(this.table, ref, described, imported, summary.at));
    for (const update of importStateUpdates(this.table, ref, imported, summary))
      await conditionalUpdate(this.client, update);
  }
}
