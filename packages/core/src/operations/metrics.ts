// The guardrails' own metrics, for the alarms the stack raises on them (docs/operations.md).
// They are written as CloudWatch embedded metric format (EMF) lines in the function's log:
// CloudWatch Logs extracts the metric from the line, so no PutMetricData call (and no IAM
// permission, and no latency on the answer's path) is needed
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).

/** One namespace for every stage: each metric carries the function's name, unique per stage. */
export const METRIC_NAMESPACE = "ecs-guardrails";

/** The one dimension every metric is published with. */
export const FUNCTION_DIMENSION = "FunctionName";

/** One count of `metric` for the function, as an EMF log object (what the log line holds). */
export function countMetric(metric: string, functionName: string, at: Date): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [[FUNCTION_DIMENSION]],
          Metrics: [{ Name: metric, Unit: "Count" }],
        },
      ],
    },
    [FUNCTION_DIMENSION]: functionName,
    [metric]: 1,
  };
}
