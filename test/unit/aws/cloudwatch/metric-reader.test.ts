import { describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { CloudWatchClient, GetMetricDataCommand, LimitExceededException } from "@aws-sdk/client-cloudwatch";
import { CloudWatchMetricReader, toMetricDataQueries } from "@ecs-guardrails/aws/cloudwatch/metric-reader";
import { AwsAdapterError } from "@ecs-guardrails/aws/errors";
import { planQueries } from "@ecs-guardrails/core/policies/right-sizing/metric-queries";

const now = new Date("2026-12-01T00:00:00Z");
const plan = planQueries([{ ref: { cluster: "prod", service: "web" }, containerInsights: false }], { start: new Date(now.getTime() - 3_600_000), end: now }, now);

describe("CloudWatchMetricReader", () => {
  it("asks for each planned metric by cluster and service, oldest first", () => {
    expect(toMetricDataQueries(plan.calls[0]!)[0]).toEqual({
      Id: "q0",
      Label: "prod/web CPUUtilization Maximum",
      ReturnData: true,
      MetricStat: { Metric: { Namespace: "AWS/ECS", MetricName: "CPUUtilization", Dimensions: [{ Name: "ClusterName", Value: "prod" }, { Name: "ServiceName", Value: "web" }] }, Period: 60, Stat: "Maximum" },
    });
  });

  it("joins the pages of a call in order", async () => {
    const cw = mockClient(CloudWatchClient);
    const at = (m: number) => new Date(now.getTime() - m * 60_000);
    cw.on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: "q0", Timestamps: [at(2)], Values: [10], StatusCode: "PartialData" }], NextToken: "page-2" })
      .resolvesOnce({ MetricDataResults: [{ Id: "q0", Timestamps: [at(1)], Values: [20], StatusCode: "Complete" }] });
    const read = await new CloudWatchMetricReader({ client: new CloudWatchClient({ region: "us-east-1" }) }).read(plan);
    expect(read.requests).toBe(2);
    expect(cw.commandCalls(GetMetricDataCommand)[1]!.args[0].input.NextToken).toBe("page-2");
    expect(read.services.get("prod/web")?.series["cpu-max"]).toEqual({ periodSeconds: 60, timestamps: [at(2).getTime(), at(1).getTime()], values: [10, 20] });
    // A metric with no data at all is an empty series, not a missing one.
    expect(read.services.get("prod/web")?.series["memory-avg"]?.values).toEqual([]);
    cw.restore();
  });

  it("turns a refused metric and a failed call into AwsAdapterError naming what failed", async () => {
    const cw = mockClient(CloudWatchClient);
    cw.on(GetMetricDataCommand).resolvesOnce({ MetricDataResults: [{ Id: "q1", Label: "prod/web MemoryUtilization Maximum", StatusCode: "Forbidden", Messages: [{ Code: "Forbidden", Value: "not authorized" }] }] });
    const reader = new CloudWatchMetricReader({ client: new CloudWatchClient({ region: "us-east-1" }) });
    const refused = await reader.read(plan).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AwsAdapterError);
    expect((refused as Error).message).toBe("GetMetricData could not read prod/web MemoryUtilization Maximum: Forbidden (not authorized)");
    cw.on(GetMetricDataCommand).rejects(new LimitExceededException({ message: "Rate exceeded", $metadata: {} }));
    const failed = await reader.read(plan).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AwsAdapterError);
    expect((failed as Error).message).toBe("GetMetricData failed: Rate exceeded");
    expect((failed as Error).cause).toBeInstanceOf(LimitExceededException);
    cw.restore();
  });
});
