import { describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { CloudWatchClient, GetMetricDataCommand, InternalServiceFault } from "@aws-sdk/client-cloudwatch";
import { CloudWatchMetricReader, toMetricDataQueries } from "@ecs-guardrails/aws/cloudwatch/metric-reader";
import { planQueries } from "@ecs-guardrails/core/capabilities/right-sizing/metric-queries";

const now = new Date("2026-12-01T00:00:00Z");
const plan = planQueries(
  [{ ref: { cluster: "prod", service: "web" }, containerInsights: false }],
  { start: new Date(now.getTime() - 3_600_000), end: now },
  now,
);

describe("CloudWatchMetricReader", () => {
  it("asks for each planned metric by cluster and service, oldest first", () => {
    expect(toMetricDataQueries(plan.calls[0]!)[0]).toEqual({
      Id: "q0",
      Label: "prod/web CPUUtilization Maximum",
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: "AWS/ECS",
          MetricName: "CPUUtilization",
          Dimensions: [
            { Name: "ClusterName", Value: "prod" },
            { Name: "ServiceName", Value: "web" },
          ],
        },
        Period: 60,
        Stat: "Maximum",
      },
    });
  });

  it("joins the pages of a call in order", async () => {
    const cw = mockClient(CloudWatchClient);
    const at = (m: number) => new Date(now.getTime() - m * 60_000);
    cw.on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [{ Id: "q0", Timestamps: [at(2)], Values: [10], StatusCode: "PartialData" }],
        NextToken: "page-2",
      })
      .resolvesOnce({ MetricDataResults: [{ Id: "q0", Timestamps: [at(1)], Values: [20], StatusCode: "Complete" }] });
    const read = await new CloudWatchMetricReader({ client: new CloudWatchClient({ region: "us-east-1" }) }).read(plan);
    expect(read.requests).toBe(2);
    expect(cw.commandCalls(GetMetricDataCommand)[1]!.args[0].input.NextToken).toBe("page-2");
    expect(read.services.get("prod/web")?.series["cpu-max"]).toEqual({
      periodSeconds: 60,
      timestamps: [at(2).getTime(), at(1).getTime()],
      values: [10, 20],
    });
    // A metric with no data at all is an empty series, not a missing one.
    expect(read.services.get("prod/web")?.series["memory-avg"]?.values).toEqual([]);
    cw.restore();
  });

  it("fails only the service whose query CloudWatch refused or could not answer, naming the error", async () => {
    const cw = mockClient(CloudWatchClient);
    const two = planQueries(
      [
        { ref: { cluster: "prod", service: "web" }, containerInsights: false },
        { ref: { cluster: "prod", service: "api" }, containerInsights: false },
      ],
      { start: new Date(now.getTime() - 3_600_000), end: now },
      now,
    );
    cw.on(GetMetricDataCommand).resolvesOnce({
      MetricDataResults: [
        {
          Id: "q1",
          Label: "prod/web MemoryUtilization Maximum",
          StatusCode: "Forbidden",
          Messages: [{ Code: "Forbidden", Value: "not authorized" }],
        },
        { Id: "q4", Label: "prod/api CPUUtilization Maximum", Timestamps: [now], Values: [30], StatusCode: "Complete" },
        { Id: "q6", Label: "prod/api CPUUtilization Average", StatusCode: "InternalError" },
      ],
    });

    const read = await new CloudWatchMetricReader({ client: new CloudWatchClient({ region: "us-east-1" }) }).read(two);

    expect(read.services.get("prod/web")?.error).toBe(
      "GetMetricData could not read prod/web MemoryUtilization Maximum: Forbidden (not authorized)",
    );
    expect(read.services.get("prod/api")?.error).toBe(
      "GetMetricData could not read prod/api CPUUtilization Average: InternalError",
    );
    cw.restore();
  });

  it("keeps the other services when one's answer stays incomplete (PartialData with no page left)", async () => {
    const cw = mockClient(CloudWatchClient);
    const two = planQueries(
      [
        { ref: { cluster: "prod", service: "web" }, containerInsights: false },
        { ref: { cluster: "prod", service: "api" }, containerInsights: false },
      ],
      { start: new Date(now.getTime() - 3_600_000), end: now },
      now,
    );
    cw.on(GetMetricDataCommand).resolvesOnce({
      MetricDataResults: [
        {
          Id: "q0",
          Label: "prod/web CPUUtilization Maximum",
          Timestamps: [now],
          Values: [10],
          StatusCode: "PartialData",
        },
        { Id: "q4", Timestamps: [now], Values: [30], StatusCode: "Complete" },
      ],
    });

    const read = await new CloudWatchMetricReader({ client: new CloudWatchClient({ region: "us-east-1" }) }).read(two);

    expect(read.services.get("prod/web")?.error).toBe(
      "GetMetricData could not read prod/web CPUUtilization Maximum: PartialData with no further page",
    );
    expect(read.services.get("prod/api")?.error).toBeUndefined();
    expect(read.services.get("prod/api")?.series["cpu-max"]?.values).toEqual([30]);
    cw.restore();
  });

  it("fails the services of a call that failed (after the SDK's retries), not the others", async () => {
    const cw = mockClient(CloudWatchClient);
    // 14 days: 5 queries a call; web's 4 and api's first in call 1, api's other 3 in call 2.
    const window = { start: new Date(now.getTime() - 14 * 86_400_000), end: now };
    const services = ["web", "api", "db"].map((service) => ({
      ref: { cluster: "prod", service },
      containerInsights: false,
    }));
    const big = planQueries(services, window, now);
    cw.on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [] })
      .rejectsOnce(new InternalServiceFault({ message: "Internal service error", $metadata: {} }))
      .resolvesOnce({ MetricDataResults: [] });

    const read = await new CloudWatchMetricReader({
      client: new CloudWatchClient({ region: "us-east-1" }),
      concurrency: 1,
    }).read(big);

    expect(big.calls.map((c) => c.queries.map((q) => q.ref.service).join(","))).toEqual([
      "web,web,web,web,api",
      "api,api,api,db,db",
      "db,db",
    ]);
    expect(read.services.get("prod/web")?.error).toBeUndefined();
    expect(read.services.get("prod/api")?.error).toBe("GetMetricData failed: Internal service error");
    expect(read.services.get("prod/db")?.error).toBe("GetMetricData failed: Internal service error");
    expect(read.requests).toBe(3);
    cw.restore();
  });
});
