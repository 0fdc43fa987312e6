import { GetMetricDataCommand, type CloudWatchClient, type GetMetricDataCommandOutput, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { MetricKind, PlannedCall, QueryPlan } from "@ecs-guardrails/core/policies/right-sizing/metric-queries";
import { mapLimit } from "@ecs-guardrails/core/util/concurrency";
import { AwsAdapterError } from "../errors.ts";

// Runs a GetMetricData plan (core's planner packs the calls within CloudWatch's limits) and
// turns the answers into one series per service and metric. A call whose answer is larger than
// a page comes back with NextToken and is followed to the end; the plan avoids that, but a
// page limit set lower (MaxDatapoints) or a change on AWS's side must not lose points.

export type MetricSeries = { periodSeconds: number; /** epoch ms, oldest first */ timestamps: number[]; values: number[] };

export type ServiceMetrics = { ref: ServiceRef; series: Partial<Record<MetricKind, MetricSeries>> };

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
      const answer = await this.runCall(call, plan);
      this.onProgress?.(++done, plan.calls.length);
      return answer;
    });
    const services = new Map<string, ServiceMetrics>();
    plan.calls.forEach((call, i) => {
      for (const q of call.queries) {
        const key = `${q.ref.cluster}/${q.ref.service}`;
        const entry = services.get(key) ?? { ref: q.ref, series: {} };
        entry.series[q.kind] = answers[i]!.series.get(q.id) ?? { periodSeconds: q.period, timestamps: [], values: [] };
        services.set(key, entry);
      }
    });
    return { services, requests: answers.reduce((n, a) => n + a.pages, 0) };
  }

  /** One planned call, followed through its pages; series by query id. */
  private async runCall(call: PlannedCall, plan: QueryPlan): Promise<{ series: Map<string, MetricSeries>; pages: number }> {
    const series = new Map(call.queries.map((q) => [q.id, { periodSeconds: q.period, timestamps: [] as number[], values: [] as number[] }]));
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await this.send(call, plan, token);
      pages++;
      for (const r of page.MetricDataResults ?? []) {
        if (r.StatusCode === "Forbidden" || r.StatusCode === "InternalError") {
          throw new AwsAdapterError(`GetMetricData could not read ${r.Label ?? r.Id}: ${r.StatusCode}${r.Messages?.length ? ` (${r.Messages.map((m) => m.Value).join("; ")})` : ""}`, { id: r.Id });
        }
        const s = series.get(r.Id ?? "");
        if (!s) continue;
        for (const t of r.Timestamps ?? []) s.timestamps.push(t.getTime());
        for (const v of r.Values ?? []) s.values.push(v);
      }
      token = page.NextToken;
    } while (token);
    return { series, pages };
  }

  private async send(call: PlannedCall, plan: QueryPlan, token: string | undefined): Promise<GetMetricDataCommandOutput> {
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
      throw new AwsAdapterError(`GetMetricData failed: ${(error as Error).message}`, { queries: call.queries.length }, { cause: error });
    }
  }
}

export function toMetricDataQueries(call: PlannedCall): MetricDataQuery[] {
  return call.queries.map((q) => ({
    Id: q.id,
    Label: `${q.ref.cluster}/${q.ref.service} ${q.metricName} ${q.stat}`,
    ReturnData: true,
    MetricStat: {
      Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: q.dimensions.map((d) => ({ Name: d.name, Value: d.value })) },
      Period: q.period,
      Stat: q.stat,
    },
  }));
}
