// What the guardrails' own resources cost, us-east-1 on-demand list prices (docs/design/aws-facts.md#api-budgets-and-service-limits; SNS,
// CloudWatch, EventBridge Scheduler and CloudWatch Logs from their public price pages). Free
// tiers are left out: they are shared with everything else in the account.

export type PriceTable = {
  readonly region: string;
  /** $ per request. */
  readonly lambdaRequest: number;
  /** $ per GB-second, arm64 (the functions' architecture). */
  readonly lambdaGbSecond: number;
  /** $ per write request unit (1 KB), on-demand. */
  readonly dynamoWriteUnit: number;
  /** $ per read request unit (4 KB strongly consistent, 8 KB eventually). */
  readonly dynamoReadUnit: number;
  /** $ per Publish request (64 KB chunks; the notices are far smaller). */
  readonly snsPublish: number;
  /** $ per AWS service event on the default bus: free. */
  readonly eventBridgeAwsEvent: number;
  /** $ per metric requested with GetMetricData. */
  readonly getMetricDataMetric: number;
  /** $ per EventBridge Scheduler invocation. */
  readonly schedulerInvocation: number;
  /** $ per GB of CloudWatch Logs ingested (standard class). */
  readonly logsIngestedGb: number;
};

export const US_EAST_1: PriceTable = {
  region: "us-east-1",
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecond: 0.0000133334,
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  snsPublish: 0.5 / 1e6,
  eventBridgeAwsEvent: 0,
  getMetricDataMetric: 0.01 / 1000,
  schedulerInvocation: 1 / 1e6,
  logsIngestedGb: 0.5,
};

/** How each price reads in a table: a scale and its unit. */
export const PRICE_UNITS: Record<Exclude<keyof PriceTable, "region">, { what: string; per: number; unit: string }> = {
  lambdaRequest: { what: "Lambda requests", per: 1e6, unit: "per million" },
  lambdaGbSecond: { what: "Lambda duration, arm64", per: 1, unit: "per GB-second" },
  dynamoWriteUnit: { what: "DynamoDB write request units", per: 1e6, unit: "per million" },
  dynamoReadUnit: { what: "DynamoDB read request units", per: 1e6, unit: "per million" },
  snsPublish: { what: "SNS publishes", per: 1e6, unit: "per million" },
  eventBridgeAwsEvent: { what: "EventBridge AWS service events", per: 1e6, unit: "per million" },
  getMetricDataMetric: { what: "CloudWatch GetMetricData", per: 1000, unit: "per 1,000 metrics" },
  schedulerInvocation: { what: "EventBridge Scheduler invocations", per: 1e6, unit: "per million" },
  logsIngestedGb: { what: "CloudWatch Logs ingestion", per: 1, unit: "per GB" },
};

/** AWS prices by the month of 730 hours. */
export const HOURS_PER_MONTH = 730;
