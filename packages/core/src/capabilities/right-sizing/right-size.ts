import { inScope, resolveSettings } from "../../config/resolve.ts";
import type { GuardrailsConfig } from "../../config/schema.ts";
import type { ServiceRef } from "../../events/model.ts";
import type { Clock, ServiceLister } from "../../engine/ports.ts";
import { changedSinceLast } from "./changes.ts";
import { usageOf } from "./inputs.ts";
import { GET_METRIC_DATA_LIMITS, planQueries, queriesPerCall, type QueryPlan } from "./metric-queries.ts";
import { oomKillsOf, type OomHistory } from "./oom.ts";
import type {
  ClusterSettingsReader,
  RecommendationStore,
  ScalingPolicyReader,
  TaskDefinitionReader,
  TaskDefinitionView,
  UsageMetricReader,
} from "./ports.ts";
import { recommend } from "./recommend.ts";
import { reservation } from "./needs.ts";
import { revisionSpans } from "./revisions.ts";
import type { RevisionSize, Recommendation } from "./types.ts";
import type { RightSizingSettings } from "./settings.ts";
import type { ServiceDescription } from "../../model/description.ts";
import { mapLimit } from "../../util/concurrency.ts";
import { createPacer, type Pacer } from "../../util/pacer.ts";
import { type Place, placeOf, serviceKey } from "../../model/service-ref.ts";

// The scheduled right-sizing run (docs/capabilities/right-sizing.md), a batch over every service in scope
// rather than a per-service tick: GetMetricData answers up to 500 queries a call, so reading
// services one by one would cost 160 times the calls. One visible pipeline:
// discover → read (task definitions, scaling policies, metrics, OOM kills) → recommend →
// compare with the stored one → record. It never changes a service.

export type RightSizeDeps = {
  config: GuardrailsConfig;
  ecs: ServiceLister;
  /** Which clusters have Container Insights: their services' queries add its metrics. */
  clusters: ClusterSettingsReader;
  taskDefinitions: TaskDefinitionReader;
  scaling: ScalingPolicyReader;
  metrics: UsageMetricReader;
  history: OomHistory;
  recommendations: RecommendationStore;
  clock: Clock;
};

export type RunFailure = ServiceRef & { error: string };
export type RunRecommendation = { recommendation: Recommendation; announced: boolean; change: string[] };
export type PlanSummary = Pick<QueryPlan, "period" | "queries" | "datapoints" | "minimumCalls" | "usd"> & {
  calls: number;
};

export type RightSizeResult = {
  /** Services in scope with right-sizing on. */
  services: number;
  recommendations: RunRecommendation[];
  failures: RunFailure[];
  /** The GetMetricData plans (one per lookback), and the requests they took (pages included). */
  plans: PlanSummary[];
  metricRequests: number;
};

/** What the run logs when done: one line per failed service, naming the error. */
export function runSummary(result: RightSizeResult) {
  return {
    services: result.services,
    announced: result.recommendations
      .filter((r) => r.announced)
      .map((r) => `${key(r.recommendation.ref)}: ${r.recommendation.summary}`),
    unchanged: result.recommendations.filter((r) => !r.announced).length,
    failed: result.failures.map((f) => `${key(f)}: ${f.error}`),
    getMetricData: { requests: result.metricRequests, plans: result.plans },
  };
}

/** In flight at once (DynamoDB reads and writes, DescribeTaskDefinition calls). */
export const RIGHT_SIZE_CONCURRENCY = 8;

/**
 * DescribeTaskDefinition's share of ECS's budget (docs/design/aws-facts.md#api-budgets-and-service-limits: 50 burst, then 20 per second
 * for the account and region): most of the burst, then 15 per second, leaving the rest to the
 * ingest and reconcile functions. 1,000 distinct revisions take about a minute.
 */
export const TASK_DEFINITION_PACE = { burst: 40, perSecond: 15 } as const;

type Target = { service: ServiceDescription; ref: ServiceRef; settings: RightSizingSettings };

export async function rightSizeServices(
  deps: RightSizeDeps,
  options: { concurrency?: number; taskDefinitionPacer?: Pacer; place?: Place | undefined } = {},
): Promise<RightSizeResult> {
  const concurrency = options.concurrency ?? RIGHT_SIZE_CONCURRENCY;
  // Whole minutes only: the current minute's point is still partial.
  const now = new Date(Math.floor(deps.clock.now().getTime() / 60_000) * 60_000);
  // One account and Region per run (engine/accounts.ts): `deps` are that account's ports, and
  // its services' references carry its place, so their recommendations are stored under it.
  const listed = await deps.ecs.listServices(deps.config.scope.clusters);
  const targets = discover(options.place ? listed.map((s) => ({ ...s, ...options.place })) : listed, deps.config);
  const result: RightSizeResult = {
    services: targets.length,
    recommendations: [],
    failures: [],
    plans: [],
    metricRequests: 0,
  };
  if (targets.length === 0) return result;

  const pacer = options.taskDefinitionPacer ?? createPacer(TASK_DEFINITION_PACE);
  const [definitions, scaling, insights] = await Promise.all([
    readTaskDefinitions(targets, deps.taskDefinitions, concurrency, pacer),
    deps.scaling.scalingPoliciesByService(),
    deps.clusters.withContainerInsights([...new Set(targets.map((t) => t.ref.cluster))]),
  ]);
  for (const group of byLookback(targets)) {
    const lookbackHours = group[0]!.settings.lookbackDays * 24;
    const window = { start: new Date(now.getTime() - lookbackHours * 3_600_000), end: now };
    // Older revisions that ran inside the lookback, described once each, on the same pace.
    const older = new Map<string, Promise<TaskDefinitionView | undefined>>();
    const revisionView = (arn: string) =>
      definitions.has(arn)
        ? Promise.resolve(definitions.get(arn))
        : (older.get(arn) ??
          remember(
            older,
            arn,
            pacer
              .take()
              .then(() => deps.taskDefinitions.taskDefinition(arn))
              .catch(() => undefined),
          ));
    const summary: PlanSummary = { period: 0, queries: 0, datapoints: 0, minimumCalls: 0, usd: 0, calls: 0 };
    for (const chunk of chunks(group, chunkSize(window, now))) {
      const plan = planQueries(
        chunk.map((t) => ({ ref: t.ref, containerInsights: insights.has(t.ref.cluster) })),
        window,
        now,
      );
      const read = await deps.metrics.read(plan);
      Object.assign(summary, {
        period: plan.period,
        queries: summary.queries + plan.queries,
        datapoints: summary.datapoints + plan.datapoints,
        usd: summary.usd + plan.usd,
        calls: summary.calls + plan.calls.length,
      });
      result.metricRequests += read.requests;
      await mapLimit(chunk, concurrency, async (t) => {
        const metrics = read.services.get(key(t.ref));
        // One bad series fails its service alone: the run goes on and reports it.
        if (metrics?.error) return void result.failures.push({ ...t.ref, error: metrics.error });
        try {
          const definition = definitions.get(t.service.taskDefinition);
          if (!definition) throw new Error(`task definition ${t.service.taskDefinition} could not be described`);
          const deployments = await deps.history.listDeployments(t.ref);
          const oomKills = await oomKillsOf(
            deps.history,
            t.ref,
            t.service.taskDefinition,
            window.start.toISOString(),
            deployments,
          );
          const spans = revisionSpans(deployments, t.service.taskDefinition, {
            start: window.start.getTime(),
            end: window.end.getTime(),
          });
          const usage = usageOf({
            service: withDefinition(t.service, definition),
            series: metrics?.series ?? {},
            revisions: await revisionSizes(spans, revisionView),
            containers: definition.containers,
            architecture: definition.architecture,
            oomKills,
            // Application Auto Scaling names a service by cluster and name alone, in its own account.
            scalingPolicies: scaling.get(key({ cluster: t.ref.cluster, service: t.ref.service })) ?? [],
            lookbackHours,
          });
          result.recommendations.push(await record(recommend(usage, t.settings), deps.recommendations, now));
        } catch (error) {
          result.failures.push({ ...t.ref, error: `${(error as Error).name}: ${(error as Error).message}` });
        }
      });
    }
    summary.minimumCalls = Math.max(
      Math.ceil(summary.queries / GET_METRIC_DATA_LIMITS.queriesPerCall),
      Math.ceil(summary.datapoints / GET_METRIC_DATA_LIMITS.datapointsPerCall),
    );
    result.plans.push(summary);
  }
  return result;
}

/**
 * Each span with the size its percentages are of: the revision's task size (or its containers'
 * reservations on EC2). A rollout's span (two revisions' tasks at once, the Maximum may be
 * either's: no size converts it right) and a span whose revision cannot be described are left
 * out, their points with them: a rollout is minutes of a 14-day lookback.
 */
async function revisionSizes(
  spans: ReturnType<typeof revisionSpans>,
  revisionView: (arn: string) => Promise<TaskDefinitionView | undefined>,
): Promise<RevisionSize[]> {
  const sized = await Promise.all(
    spans.map(async (span) => {
      const view = span.revisions.length === 1 ? await revisionView(span.revisions[0]!) : undefined;
      if (!view) return [];
      const size = reservation({
        taskSize:
          view.cpu !== undefined && view.memory !== undefined ? { cpu: view.cpu, memory: view.memory } : undefined,
        containers: view.containers,
      });
      return [{ revision: span.revisions[0]!, from: span.from, to: span.to, size }];
    }),
  );
  return sized.flat();
}

function remember<K, V>(map: Map<K, V>, k: K, v: V): V {
  map.set(k, v);
  return v;
}

/** Points held in memory at once (~16 bytes each with their timestamps): about 32 MB. */
const POINTS_IN_MEMORY = 2_000_000;
const METRICS_PER_SERVICE = 4;

/**
 * Services read at once. The series of 1,000 services × 14 days are 80 M points, far more than
 * a function's memory, so the run reads and sizes them a chunk at a time. A chunk is a whole
 * number of calls' worth of queries, so chunking adds no call: 14 days (5 queries a call) → 20
 * services, 16 calls.
 */
export function chunkSize(window: { start: Date; end: Date }, now: Date): number {
  const perCall = queriesPerCall(window, now);
  const points = (window.end.getTime() - window.start.getTime()) / 60_000;
  return perCall * Math.max(1, Math.floor(POINTS_IN_MEMORY / (METRICS_PER_SERVICE * points * perCall)));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** In scope, right-sizing not off (per service: overrides and tags), and with a revision to size. */
function discover(listed: readonly ServiceDescription[], config: GuardrailsConfig): Target[] {
  return listed.flatMap((service) => {
    const ref = { cluster: service.cluster, service: service.service, ...placeOf(service) };
    if (!inScope(config, ref) || !service.taskDefinition) return [];
    const settings = resolveSettings(config, ref, service.tags).policies["right-sizing"];
    return settings.mode === "off" ? [] : [{ service, ref, settings }];
  });
}

/** One DescribeTaskDefinition per distinct revision (services often share one). */
async function readTaskDefinitions(
  targets: readonly Target[],
  reader: TaskDefinitionReader,
  concurrency: number,
  pacer: Pacer,
): Promise<Map<string, TaskDefinitionView>> {
  const arns = [...new Set(targets.map((t) => t.service.taskDefinition))];
  // A revision that cannot be described fails its services alone (reported), not the run.
  const views = await mapLimit(arns, concurrency, (arn) =>
    pacer
      .take()
      .then(() => reader.taskDefinition(arn))
      .catch(() => undefined),
  );
  return new Map(arns.flatMap((arn, i) => (views[i] ? [[arn, views[i]] as const] : [])));
}

/** Each lookback is one plan: every query of a GetMetricData call shares its window. */
function byLookback(targets: readonly Target[]): Target[][] {
  const groups = new Map<number, Target[]>();
  for (const t of targets) groups.set(t.settings.lookbackDays, [...(groups.get(t.settings.lookbackDays) ?? []), t]);
  return [...groups.values()];
}

/** The size and launch type the recommendation starts from: ECS's listing reads no task sizes. */
function withDefinition(service: ServiceDescription, d: TaskDefinitionView): ServiceDescription {
  const ec2Providers = service.capacityProviderStrategy.some(
    (c) => c.capacityProvider !== "FARGATE" && c.capacityProvider !== "FARGATE_SPOT",
  );
  const launchType = service.launchType ?? (ec2Providers ? "EC2" : "FARGATE");
  if (launchType !== "EC2" && (d.cpu === undefined || d.memory === undefined))
    throw new Error(`task definition ${d.arn} has no task-level cpu and memory, which Fargate requires`);
  return {
    ...service,
    launchType,
    taskSize: d.cpu !== undefined && d.memory !== undefined ? { cpu: d.cpu, memory: d.memory } : undefined,
  };
}

/** Stores the recommendation; announces it (a timeline entry) only when the advice changed. */
async function record(
  recommendation: Recommendation,
  store: RecommendationStore,
  now: Date,
): Promise<RunRecommendation> {
  const previous = await store.latest(recommendation.ref);
  const change = changedSinceLast(previous?.recommendation, recommendation);
  const at = now.toISOString();
  await store.save(
    {
      recommendation,
      at,
      announcedAt: change.changed ? at : previous!.announcedAt,
      change: change.changed ? change.what : previous!.change,
    },
    { announce: change.changed },
  );
  return { recommendation, announced: change.changed, change: change.what };
}

const key = serviceKey;
