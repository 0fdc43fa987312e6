/// <reference path="../../../.sst/platform/config.d.ts" />
import { PIPELINE_FAULT_METRIC } from "@ecs-guardrails/core/capabilities/deploy-stage/metrics";
import { HOOK_ON_FAULT_METRIC } from "@ecs-guardrails/core/capabilities/deployment-hook/metrics";
import { FUNCTION_DIMENSION, METRIC_NAMESPACE } from "@ecs-guardrails/core/operations/metrics";

// The stack's own health: what would otherwise fail unseen. Every alarm notifies the
// guardrails' topic when it fires and when it clears; CloudWatch publishes its alarm message
// itself, which Amazon Q Developer renders natively (docs/operations.md says why this is the
// same chat as the guardrails' notices rather than their custom format).

// Five minutes, one period, threshold 1: any occurrence is worth a look, none of them is noise.
const PERIOD_SECONDS = 300;

export type HealthTargets = {
  topic: sst.aws.SnsTopic;
  deadLetters: sst.aws.Queue;
  /** Each function by its short name (Ingest, Pipeline, ...). */
  functions: Record<string, $util.Input<string>>;
  pipelineFunction: $util.Input<string>;
  hookFunction: $util.Input<string>;
};

type AlarmSpec = {
  name: string;
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, $util.Input<string>>;
  statistic: "Sum" | "Maximum";
};

/** Creates every alarm and the dashboard; returns the alarms (their ARNs feed the dashboard). */
export function createHealthAlarms(targets: HealthTargets) {
  const specs = alarmSpecs(targets);
  const alarms = specs.map((spec) => metricAlarm(spec, targets.topic));
  const dashboard = createDashboard(targets, alarms);
  return { alarms, dashboard };
}

function alarmSpecs(t: HealthTargets): AlarmSpec[] {
  const queueName = t.deadLetters.nodes.queue.name;
  return [
    {
      name: "DeadLetters",
      description:
        "An event failed after Lambda's retries (or a schedule could not invoke its function) and waits in the dead-letter queue: inspect it with `guardrails redrive --dry-run` (docs/operations.md).",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queueName },
      statistic: "Maximum",
    },
    ...Object.entries(t.functions).flatMap(([fn, name]): AlarmSpec[] => [
      {
        name: `${fn}Errors`,
        description: `The ${fn} function failed an invocation: its log says why (docs/operations.md, "Alarms").`,
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: name },
        statistic: "Sum",
      },
      {
        name: `${fn}Throttles`,
        description: `Lambda throttled the ${fn} function: the account's or the function's concurrency is exhausted (docs/operations.md, "Alarms").`,
        namespace: "AWS/Lambda",
        metricName: "Throttles",
        dimensions: { FunctionName: name },
        statistic: "Sum",
      },
    ]),
    {
      name: "PipelineFaultAnswers",
      description:
        "A deploy-stage job was answered after a fault of the guardrails (gate unchecked, or verify looking again): the release went on unjudged or waits; the pipeline function's log says which fault.",
      namespace: METRIC_NAMESPACE,
      metricName: PIPELINE_FAULT_METRIC,
      dimensions: { [FUNCTION_DIMENSION]: t.pipelineFunction },
      statistic: "Sum",
    },
    {
      name: "HookOnFaultAnswers",
      description:
        "The deployment hook could not judge a revision for maxFaults invocations in a row and answered deploymentHook.onFault: the deployment went on (or rolled back) unjudged; the hook's log says which fault.",
      namespace: METRIC_NAMESPACE,
      metricName: HOOK_ON_FAULT_METRIC,
      dimensions: { [FUNCTION_DIMENSION]: t.hookFunction },
      statistic: "Sum",
    },
  ];
}

function metricAlarm(spec: AlarmSpec, topic: sst.aws.SnsTopic): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(`${spec.name}Alarm`, {
    alarmDescription: spec.description,
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: spec.dimensions,
    statistic: spec.statistic,
    period: PERIOD_SECONDS,
    evaluationPeriods: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    // No invocation, no message: nothing is wrong. The queue's metric is always reported.
    treatMissingData: "notBreaching",
    alarmActions: [topic.arn],
    okActions: [topic.arn],
  });
}

function createDashboard(t: HealthTargets, alarms: aws.cloudwatch.MetricAlarm[]): aws.cloudwatch.Dashboard {
  const names = Object.keys(t.functions);
  const body = $resolve({
    alarms: alarms.map((a) => a.arn),
    functions: $resolve(Object.values(t.functions)),
    pipeline: t.pipelineFunction,
    hook: t.hookFunction,
    queue: t.deadLetters.nodes.queue.name,
    region: aws.getRegionOutput({}).region,
  }).apply((r) => {
    const graph = (title: string, stat: string, metrics: string[][]) => ({
      type: "metric",
      width: 8,
      height: 6,
      properties: { title, region: r.region, stat, period: PERIOD_SECONDS, metrics },
    });
    return JSON.stringify({
      widgets: [
        { type: "alarm", width: 24, height: 4, properties: { title: "Guardrails health", alarms: r.alarms } },
        ...r.functions.map((fn, i) =>
          graph(
            `${names[i]}: invocations, errors, throttles`,
            "Sum",
            ["Invocations", "Errors", "Throttles"].map((m) => ["AWS/Lambda", m, "FunctionName", fn]),
          ),
        ),
        graph("Dead letters waiting", "Maximum", [
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", r.queue],
        ]),
        graph("Answers given after a fault", "Sum", [
          [METRIC_NAMESPACE, PIPELINE_FAULT_METRIC, FUNCTION_DIMENSION, r.pipeline],
          [METRIC_NAMESPACE, HOOK_ON_FAULT_METRIC, FUNCTION_DIMENSION, r.hook],
        ]),
      ],
    });
  });
  return new aws.cloudwatch.Dashboard("OperationsDashboard", {
    dashboardName: `${$app.name}-${$app.stage}-operations`,
    dashboardBody: body,
  });
}
