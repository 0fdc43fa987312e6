import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { MetricKind, PlannedCall, QueryPlan } from "@ecs-guardrails/core/capabilities/right-sizing/metric-queries";
import { mapLimit } from "@ecs-guardrails/core/util/concurrency";
import { AwsAdapterError } from "../errors.ts";
import { serviceKey } from "@ecs-guardrails/core/model/service-ref";

// Runs a GetMetricData plan (core's planner packs the calls within CloudWatch's limits) and
// turns the answers into one series per service and metric. A call whose answer is larger than
// a page comes back with NextToken and is followed to the end; the plan avoids that, but a
// page limit set lower (MaxDatapoints) or a change on AWS's side must not lose points.

export type MetricSeries = {
  periodSeconds: number /** epoch ms, oldest first */;
  timestamps: number[];
  values: number[];
};

export type ServiceMetrics = {
  ref: ServiceRef;
  series: Partial<Record<MetricKind, MetricSeries>> /** why the service's metrics could not be read */;
  error?: string;
};

export type MetricsRead = {
  /** By "cluster/service". */
  services: Map<string, ServiceMetrics>;
  /** GetMetricData requests made, pages included. */
  requests: number;
};

export type CloudWatchMetricReaderOptions = {
  client: CloudWatchClient;
  /** Calls in flight at once: GetMetricData allows 50 per second per account and region by default. */
  concurrency?: number;
  /** Page size asked of CloudWatch (default: its own, 100,800). */
  maxDatapoints?: number;
  onProgress?: (done: number, total: number) => void;
};

export class CloudWatchMetricReader {
  private readonly client: CloudWatchClient;
  private readonly concurrency: number;
  private readonly maxDatapoints: number | undefined;
  private readonly onProgress: ((done: number, total: number) => void) | undefined;

  constructor({ client, concurrency = 5, maxDatapoints, onProgress }: CloudWatchMetricReaderOptions) {
    this.client = client;
    this.concurrency = concurrency;
    this.maxDatapoints = maxDatapoints;
    this.onProgress = onProgress;
  }

  async read(plan: QueryPlan): Promise<MetricsRead> {
    let done = 0;
    const answers = await mapLimit(plan.calls, this.concurrency, async (call) => {
      const answer = await this.runCall(call, plan).catch((error: unknown) => ({
        series: new Map<string, MetricSeries>(),
        failed: new Map<string, string>(),
        pages: pagesOf(error),
        callError: (error as Error).message,
      }));
      this.onProgress?.(++done, plan.calls.length);
      return answer;
    });
    const services = new Map<string, ServiceMetrics>();
    plan.calls.forEach((call, i) => {
      const answer = answers[i]!;
      for (const q of call.queries) {
        const key = serviceKey(q.ref);
        const entry = services.get(key) ?? { ref: q.ref, series: {} };
        entry.series[q.kind] = answer.series.get(q.id) ?? { periodSeconds: q.period, timestamps: [], values: [] };
        // The first error of a service is the one reported.
        entry.error ??= "callError" in answer ? answer.callError : answer.failed.get(q.id);
        if (entry.error === undefined) delete entry.error;
        services.set(key, entry);
      }
    });
    return { services, requests: answers.reduce((n, a) => n + a.pages, 0) };
  }

  /** One planned call, followed through its pages; series by query id. */
  /** One planned call, followed through its pages; series by query id, and the queries that failed with why. */
  private async runCall(
    call: PlannedCall,
    plan: QueryPlan,
  ): Promise<{ series: Map<string, MetricSeries>; failed: Map<string, string>; pages: number }> {
    const series = new Map(
      call.queries.map((q) => [q.id, { periodSeconds: q.period, timestamps: [] as number[], values: [] as number[] }]),
    );
    const failed = new Map<string, string>();
    const partial = new Map<string, string>();
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await this.send(call, plan, token, pages);
      pages++;
      for (const r of page.MetricDataResults ?? []) {
        const id = r.Id ?? "";
        if (r.StatusCode === "Forbidden" || r.StatusCode === "InternalError") {
          failed.set(
            id,
            `GetMetricData could not read ${r.Label ?? r.Id}: ${r.StatusCode}${r.Messages?.length ? ` (${r.Messages.map((m) => m.Value).join("; ")})` : ""}`,
          );
          continue;
        }
        // PartialData is normal while pages follow; on the last page it means points are missing.
        if (r.StatusCode === "PartialData")
          partial.set(id, `GetMetricData could not read ${r.Label ?? r.Id}: PartialData with no further page`);
        else partial.delete(id);
        const s = series.get(id);
        if (!s) continue;
        for (const t of r.Timestamps ?? []) s.timestamps.push(t.getTime());
        for (const v of r.Values ?? []) s.values.push(v);
      }
      token = page.NextToken;
    } while (token);
    for (const [id, why] of partial) if (!failed.has(id)) failed.set(id, why);
    return { series, failed, pages };
  }

  private async send(
    call: PlannedCall,
    plan: QueryPlan,
    token: string | undefined,
    pagesBefore: number,
  ): Promise<GetMetricDataCommandOutput> {
    try {
      return await this.client.send(
        new GetMetricDataCommand({
          MetricDataQueries: toMetricDataQueries(call),
          StartTime: plan.start,
          EndTime: plan.end,
          ScanBy: "TimestampAscending",
          NextToken: token,
          MaxDatapoints: this.maxDatapoints,
        }),
      );
    } catch (error) {
      // The failed request counts: it was made (and billed as made).
      throw new AwsAdapterError(
        `GetMetricData failed: ${(error as Error).message}`,
        { queries: call.queries.length, pages: pagesBefore + 1 },
        { cause: error },
      );
    }
  }
}

function pagesOf(error: unknown): number {
  const pages = error instanceof AwsAdapterError ? error.context["pages"] : undefined;
  return typeof pages === "number" ? pages : 1;
}

export function toMetricDataQueries(call: PlannedCall): MetricDataQuery[] {
  return call.queries.map((q) => ({
    Id: q.id,
    Label: `${q.ref.cluster}/${q.ref.service} ${q.metricName} ${q.stat}`,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: q.namespace,
        MetricName: q.metricName,
        Dimensions: q.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
      },
      Period: q.period,
      Stat: q.stat,
    },
  }));
}
