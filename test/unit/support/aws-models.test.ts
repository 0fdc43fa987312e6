import { describe, expect, it } from "vitest";
import { validateCall } from "../../support/aws-models/calls.ts";
import { loadModels } from "../../support/aws-models/load.ts";

// The validator the integration suites run on every call (test/support/aws-models-setup.ts):
// known-bad requests and replies, against AWS's own models, must each be named.

const models = loadModels();
if (!models && process.env["GUARDRAILS_REQUIRE_BOTOCORE"]) throw new Error("botocore is required here");
if (!models) console.warn("test/unit/support/aws-models.test.ts skipped: no botocore (pip install botocore)");

const call = (service: string, operation: string, request: unknown, response: unknown = {}, status = 200) => ({
  service,
  operation,
  status,
  request,
  response: typeof response === "string" ? response : JSON.stringify(response),
});
const check = (c: ReturnType<typeof call>) => validateCall(models!, c);

describe.skipIf(!models)("checking calls against AWS's service models", () => {
  it("passes a well-formed DescribeServices request and reply", () => {
    expect(
      check(
        call(
          "ECS",
          "DescribeServices",
          { cluster: "shop", services: ["cart"] },
          { services: [{ serviceName: "cart", desiredCount: 2, createdAt: 1_700_000_000.5 }], failures: [] },
        ),
      ),
    ).toEqual([]);
  });

  it("names a missing required member", () => {
    expect(check(call("ECS", "UpdateService", { cluster: "shop" }))).toEqual([
      "ECS UpdateService request: service: missing required member",
    ]);
  });

  it("names a value outside an enum", () => {
    expect(check(call("ECS", "ListTasks", { cluster: "shop", desiredStatus: "DONE" }, { taskArns: [] }))).toEqual([
      'ECS ListTasks request: desiredStatus: "DONE" is not one of RUNNING, PENDING, STOPPED',
    ]);
  });

  it("names a MaxResults outside its range", () => {
    const request = { ServiceNamespace: "ecs", MaxResults: 11 };
    expect(check(call("Application Auto Scaling", "DescribeScalingPolicies", request))).toEqual([
      "Application Auto Scaling DescribeScalingPolicies request: MaxResults: 11 (documented: https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalingPolicies.html), above the maximum 10",
    ]);
  });

  it("names an unknown member of a reply", () => {
    expect(check(call("ECS", "DescribeServices", { services: ["cart"] }, { services: [{ rollout: "x" }] }))).toEqual([
      "ECS DescribeServices reply: services[0].rollout: unknown member of Service",
    ]);
  });

  it("names a wrong type and a string too long", () => {
    const reply = { services: [{ desiredCount: "2", serviceName: "x".repeat(300) }] };
    expect(check(call("ECS", "DescribeServices", { services: ["cart"] }, reply))).toEqual([
      'ECS DescribeServices reply: services[0].desiredCount: expected a number (integer), got "2"',
    ]);
    expect(check(call("CloudWatch", "GetMetricData", { MetricDataQueries: [{ Id: "x".repeat(300) }] }))).toContain(
      "CloudWatch GetMetricData request: MetricDataQueries[0].Id: 300 characters, above the maximum 255",
    );
  });

  it("takes members botocore's model lacks from the SDK's own schema, and checks their types there", () => {
    const breaker = { enable: true, rollback: true, resetOnHealthyTask: true, thresholdConfiguration: {} };
    const errors = check(
      call("ECS", "UpdateService", { service: "cart", deploymentConfiguration: { deploymentCircuitBreaker: breaker } }),
    );
    // The SDK's ThresholdConfiguration requires type and value: the member was checked, not waved through.
    expect(errors).toEqual([
      "ECS UpdateService request: deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.type: missing required member",
      "ECS UpdateService request: deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.value: missing required member",
    ]);
  });

  it("leaves a request the endpoint rejected as invalid to the endpoint, and checks one it accepted", () => {
    const request = { ServiceNamespace: "ecs", MaxResults: 11 };
    const rejected = { __type: "ValidationException", message: "MaxResults must be between 1 and 10." };
    expect(check(call("Application Auto Scaling", "DescribeScalingPolicies", request, rejected, 400))).toEqual([]);
    const other = { __type: "ThrottlingException", message: "slow down" };
    expect(check(call("Application Auto Scaling", "DescribeScalingPolicies", request, other, 400))).toHaveLength(1);
  });

  it("reads SNS's query-protocol request and XML reply, and names what the model lacks", () => {
    const body = new URLSearchParams({
      Action: "Publish",
      Version: "2010-03-31",
      TopicArn: "arn:aws:sns:us-east-1:111122223333:alerts",
      Message: "hi",
      "MessageAttributes.entry.1.Name": "kind",
      "MessageAttributes.entry.1.Value.DataType": "String",
      "MessageAttributes.entry.1.Value.StringValue": "rollback",
      Colour: "blue",
    }).toString();
    const reply = (inner: string) =>
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>${inner}</PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`;
    expect(check(call("SNS", "Publish", body, reply("<MessageId>m-1</MessageId><Extra>1</Extra>")))).toEqual([
      "SNS Publish request: Colour: unknown parameter",
      "SNS Publish reply: PublishResult.Extra: unknown element",
    ]);
    const missing = body.replace(/&?MessageAttributes\.entry\.1\.Value\.DataType=String/, "");
    expect(check(call("SNS", "Publish", missing, reply("<MessageId>m-1</MessageId>")))).toEqual([
      "SNS Publish request: Colour: unknown parameter",
      "SNS Publish request: MessageAttributes.kind.DataType: missing required member",
    ]);
  });

  it("names an error code the operation does not declare, and takes the declared and the common ones", () => {
    const error = (code: string) => call("ECS", "DescribeServices", { services: ["cart"] }, { __type: code }, 400);
    expect(check(error("ServiceNotFoundException"))).toEqual([
      "ECS DescribeServices reply: (error): ServiceNotFoundException is not an error this operation declares",
    ]);
    expect(check(error("ClusterNotFoundException"))).toEqual([]);
    expect(check(error("ThrottlingException"))).toEqual([]);
    const sns = `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code></Error></ErrorResponse>`;
    expect(check(call("SNS", "Publish", "Action=Publish", sns, 400))).toEqual([]);
  });

  it("names an operation the model does not have", () => {
    expect(check(call("ECS", "DescribeEverything", {}))).toEqual(["ECS DescribeEverything: not in AWS's model"]);
  });
});
