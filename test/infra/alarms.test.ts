import { beforeAll, describe, expect, it } from "vitest";
import { type EvaluatedApp, evaluateApp, resourceNamed, resourcesOfType, stateOf } from "../support/sst-harness.ts";

// The stack's own health: CloudWatch alarms on what would otherwise go unseen (dead letters,
// failing or throttled functions, answers given after a fault), each notifying the guardrails'
// topic, and the dashboard that shows them. The real sst.config.ts, evaluated under Pulumi mocks.

let app: EvaluatedApp;

beforeAll(async () => {
  app = await evaluateApp();
});

const FUNCTIONS = ["Ingest", "Pipeline", "Reconcile", "RightSizing", "DeploymentHook"] as const;

const alarm = (name: string) => resourceNamed(app, name).inputs;
const topic = () => stateOf(app, "NotificationsTopic").arn;
// SST names the cron's function after its handler.
const fnName = (fn: string) => stateOf(app, `${fn === "Reconcile" ? "ReconcileHandler" : fn}Function`).name;

describe("the stack's alarms", () => {
  it("raise an alarm when one message lands in the dead-letter queue", () => {
    expect(alarm("DeadLettersAlarm")).toMatchObject({
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: stateOf(app, "DeadLettersQueue").name },
      statistic: "Maximum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
    });
  });

  it.each(FUNCTIONS)("raise an alarm on any error or throttle of the %s function", (fn) => {
    for (const metricName of ["Errors", "Throttles"]) {
      expect(alarm(`${fn}${metricName}Alarm`)).toMatchObject({
        namespace: "AWS/Lambda",
        metricName,
        dimensions: { FunctionName: fnName(fn) },
        statistic: "Sum",
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
      });
    }
  });

  it("raise an alarm when a deploy-stage job is answered after a fault, from the pipeline function's metric", () => {
    expect(alarm("PipelineFaultAnswersAlarm")).toMatchObject({
      namespace: "ecs-guardrails",
      metricName: "PipelineJobsAnsweredAfterFault",
      dimensions: { FunctionName: fnName("Pipeline") },
      statistic: "Sum",
      threshold: 1,
    });
  });

  it("raise an alarm when the deployment hook answers with its onFault outcome", () => {
    expect(alarm("HookOnFaultAnswersAlarm")).toMatchObject({
      namespace: "ecs-guardrails",
      metricName: "HookAnswersOnFault",
      dimensions: { FunctionName: fnName("DeploymentHook") },
      statistic: "Sum",
      threshold: 1,
    });
  });

  it("every one notifies the guardrails' topic when it fires and when it clears, and treats no data as fine", () => {
    const alarms = resourcesOfType(app, "aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms).toHaveLength(1 + 2 * FUNCTIONS.length + 2);
    for (const a of alarms) {
      expect(a.inputs, a.name).toMatchObject({
        alarmActions: [topic()],
        okActions: [topic()],
        treatMissingData: "notBreaching",
        evaluationPeriods: 1,
        period: 300,
      });
      expect(String(a.inputs.alarmDescription).length, a.name).toBeGreaterThan(20);
    }
  });
});

describe("the stack's dashboard", () => {
  it("shows every alarm, and a graph of each function's invocations, errors and throttles", () => {
    const body = JSON.parse(String(resourceNamed(app, "OperationsDashboard").inputs.dashboardBody)) as {
      widgets: { type: string; properties: { alarms?: string[]; metrics?: unknown[][]; title: string } }[];
    };
    const alarmArns = resourcesOfType(app, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.state.arn);
    const status = body.widgets.find((w) => w.type === "alarm");
    expect(new Set(status?.properties.alarms)).toEqual(new Set(alarmArns));
    const graphs = body.widgets.filter((w) => w.type === "metric");
    for (const fn of FUNCTIONS) {
      const graph = graphs.find((g) => g.properties.metrics?.some((m) => m.includes(fnName(fn))));
      expect(
        graph?.properties.metrics?.map((m) => m[1]),
        fn,
      ).toEqual(["Invocations", "Errors", "Throttles"]);
    }
    expect(graphs.some((g) => g.properties.metrics?.some((m) => m[1] === "ApproximateNumberOfMessagesVisible"))).toBe(
      true,
    );
  });
});
