import { Buffer } from "node:buffer";
import type { SimulatedUsage } from "../usage-metrics.ts";
import type { JsonService } from "./json-service.ts";
import { validation } from "./json-service.ts";
import { AwsError, JSON_1_0 } from "./protocol.ts";

// CloudWatch's GetMetricData (JSON 1.0, target prefix GraniteServiceVersion20100801), backed by
// the simulated usage. The limits are CloudWatch's: at most 500 queries a call, at most
// MaxDatapoints (default and maximum 100,800) points a page; beyond that the reply carries a
// NextToken and the results not yet complete say PartialData. Times are epoch seconds. A
// service with a fault (`SimulatedUsage.setFault`) gets its queries answered with that
// StatusCode and no points, as CloudWatch answers a query it refuses or cannot serve.

export const CLOUDWATCH_TARGET_PREFIX = "GraniteServiceVersion20100801";

const MAX_QUERIES = 500;
const MAX_DATAPOINTS = 100_800;
const ID = /^[a-z][a-zA-Z0-9_]*$/;
const FAULT_MESSAGES = {
  Forbidden: "User is not authorized to access this metric (simulated)",
  InternalError: "An internal error occurred (simulated)",
} as const;

type Result = {
  Id: string;
  Label: string;
  Timestamps: number[];
  Values: number[];
  StatusCode: string;
  Messages: { Code: string; Value: string }[];
};
type Query = { id: string; label: string; returnData: boolean; request: Parameters<SimulatedUsage["datapoints"]>[0] };

export function cloudWatchService(usage: SimulatedUsage): JsonService {
  return {
    name: "CloudWatch",
    targetPrefix: CLOUDWATCH_TARGET_PREFIX,
    contentType: JSON_1_0,
    operations: { GetMetricData: (input) => getMetricData(usage, input) },
  };
}

function getMetricData(usage: SimulatedUsage, input: Record<string, unknown>) {
  const queries = parseQueries(input["MetricDataQueries"]);
  const start = time(input, "StartTime");
  const end = time(input, "EndTime");
  if (end <= start) throw validation("The parameter StartTime must be less than the parameter EndTime.");
  const pageSize = maxDatapoints(input["MaxDatapoints"]);
  const descending = input["ScanBy"] !== "TimestampAscending";
  const series = queries.map((q) => {
    if (usage.faultOf(q.request)) return { timestamps: [], values: [] };
    const points = usage.datapoints(q.request, start, end);
    return descending ? { timestamps: points.timestamps.reverse(), values: points.values.reverse() } : points;
  });
  // A page takes points query by query, in order; the token says how far the last page got.
  const offset = tokenOffset(input["NextToken"]);
  let skip = offset;
  let room = pageSize;
  const results = queries.flatMap((q, i): Result[] => {
    if (!q.returnData) return [];
    const fault = usage.faultOf(q.request);
    if (fault)
      return [
        {
          Id: q.id,
          Label: q.label,
          Timestamps: [],
          Values: [],
          StatusCode: fault,
          Messages: [{ Code: fault, Value: FAULT_MESSAGES[fault] }],
        },
      ];
    const all = series[i]!;
    const from = Math.min(skip, all.values.length);
    skip -= from;
    const take = Math.min(room, all.values.length - from);
    room -= take;
    const complete = from + take === all.values.length;
    return [
      {
        Id: q.id,
        Label: q.label,
        Timestamps: all.timestamps.slice(from, from + take).map((t) => t / 1000),
        Values: all.values.slice(from, from + take),
        StatusCode: complete ? "Complete" : "PartialData",
        Messages: [],
      },
    ];
  });
  const total = queries.reduce((n, q, i) => n + (q.returnData ? series[i]!.values.length : 0), 0);
  const next =
    offset + pageSize < total
      ? { NextToken: Buffer.from(JSON.stringify({ offset: offset + pageSize })).toString("base64url") }
      : {};
  return { MetricDataResults: results, Messages: [], ...next };
}

function parseQueries(raw: unknown): Query[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw validation(
      "1 validation error detected: Value null at 'metricDataQueries' failed to satisfy constraint: Member must not be null",
    );
  if (raw.length > MAX_QUERIES)
    throw validation(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  const ids = new Set<string>();
  return raw.map((q: Record<string, unknown>) => {
    const id = q["Id"];
    if (typeof id !== "string" || !ID.test(id))
      throw validation(
        `Invalid metric data query id ${JSON.stringify(id)}: it must start with a lowercase letter and contain only letters, digits and underscores.`,
      );
    if (ids.has(id)) throw validation(`The value ${id} for field Id is not unique.`);
    ids.add(id);
    if (q["Expression"] !== undefined)
      throw new AwsError(
        "NotImplementedException",
        "Metric math expressions are not simulated by the local endpoints.",
      );
    const stat = q["MetricStat"] as
      | {
          Metric?: { Namespace?: unknown; MetricName?: unknown; Dimensions?: unknown };
          Period?: unknown;
          Stat?: unknown;
        }
      | undefined;
    const metric = stat?.Metric;
    if (!metric || typeof metric.Namespace !== "string" || typeof metric.MetricName !== "string")
      throw validation(`Metric data query ${id} needs a MetricStat with a Metric (Namespace, MetricName).`);
    const period = stat.Period;
    if (!validPeriod(period))
      throw validation(`The Period of metric data query ${id} must be 1, 5, 10, 20, 30, 60 or a multiple of 60.`);
    if (typeof stat.Stat !== "string") throw validation(`Metric data query ${id} needs a Stat.`);
    const dimensions = Object.fromEntries(
      ((metric.Dimensions as { Name?: unknown; Value?: unknown }[] | undefined) ?? []).map((d) => [
        String(d.Name),
        String(d.Value),
      ]),
    );
    const label = typeof q["Label"] === "string" ? q["Label"] : metric.MetricName;
    return {
      id,
      label,
      returnData: q["ReturnData"] !== false,
      request: { namespace: metric.Namespace, metricName: metric.MetricName, dimensions, stat: stat.Stat, period },
    };
  });
}

// Below a minute only the high-resolution periods exist; from a minute on, whole minutes:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricStat.html
const SUB_MINUTE_PERIODS = [1, 5, 10, 20, 30];

function validPeriod(period: unknown): period is number {
  if (typeof period !== "number" || !Number.isInteger(period) || period < 1) return false;
  return period % 60 === 0 || SUB_MINUTE_PERIODS.includes(period);
}

function time(input: Record<string, unknown>, key: string): number {
  const v = input[key];
  if (typeof v !== "number" || !Number.isFinite(v))
    throw validation(
      `1 validation error detected: Value null at '${key.charAt(0).toLowerCase()}${key.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  return v * 1000;
}

function maxDatapoints(raw: unknown): number {
  if (raw === undefined || raw === null) return MAX_DATAPOINTS;
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 1)
    throw validation("MaxDatapoints must be a positive integer.");
  return Math.min(raw, MAX_DATAPOINTS);
}

function tokenOffset(raw: unknown): number {
  if (raw === undefined || raw === null) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(String(raw), "base64url").toString("utf8")) as { offset?: unknown };
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through: not one of ours
  }
  throw new AwsError("InvalidNextToken", "The service couldn't process your request because the NextToken is invalid.");
}
