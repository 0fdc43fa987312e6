import { appendFileSync } from "node:fs";

// GUARDRAILS_SIM_CALL_LOG names a file to which every call the local endpoints serve is
// appended as one JSON line: the test suites check each against AWS's service models
// (test/support/aws-models/). Read per call, so a test run can set it after this module loads;
// inherited by child processes, so `guardrails start` under test is checked the same way.

/** One call the endpoints served: the request (parsed JSON, or the raw form body) and the raw reply. */
export type CallRecord = { service: string; operation: string; status: number; request: unknown; response: string };

export const CALL_LOG_ENV = "GUARDRAILS_SIM_CALL_LOG";

export function logCall(call: CallRecord, env: NodeJS.ProcessEnv = process.env): void {
  const file = env[CALL_LOG_ENV];
  if (file) appendFileSync(file, `${JSON.stringify(call)}\n`);
}
