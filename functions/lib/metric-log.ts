import { countMetric } from "@ecs-guardrails/core/operations/metrics";
import { JsonLog } from "./log.ts";

// The log of the functions that count a metric of their own (the pipeline's and the hook's
// answers after a fault, which the stack alarms on): the others' bundles leave it out (issue 19).

export class MetricLog extends JsonLog {
  /**
   * One count of a metric of the guardrails' own (core/operations/metrics.ts), as an embedded
   * metric format line: CloudWatch Logs extracts it, so the alarm on it needs no API call.
   */
  count(metric: string): void {
    const fn = this.invocation?.["function_name"] ?? this.env["AWS_LAMBDA_FUNCTION_NAME"] ?? this.service;
    this.write("out", `${JSON.stringify(countMetric(metric, String(fn), this.now()))}\n`);
  }
}
