import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, inject } from "vitest";
import { CALL_LOG_ENV } from "../../packages/sim/src/endpoints/call-log.ts";
import { type Call, validateCall } from "./aws-models/calls.ts";
import { readCachedModels } from "./aws-models/load.ts";

// Every call the local endpoints serve during a test, in this process or a child it started
// (`guardrails start`), is logged (GUARDRAILS_SIM_CALL_LOG) and checked after the test against
// AWS's models: a violation fails the test that caused it. Calls a child makes after its test
// ended fail the file's last hook instead.

// The global setup (aws-models-global-setup.ts) built the cache; reading it skips asking python3 per file.
const models = inject("awsModels") ? readCachedModels() : undefined;
const LOG = path.resolve(import.meta.dirname, "../../test-output/calls", `${process.pid}-${Date.now()}.jsonl`);
let offset = 0;

if (models) {
  mkdirSync(path.dirname(LOG), { recursive: true });
  process.env[CALL_LOG_ENV] = LOG;
  // Calls before this test (a beforeAll, a child's late calls) fail it too: they would go unseen otherwise.
  beforeEach(() => check("the hooks before this test"));
  afterEach(() => check("this test"));
  afterAll(() => {
    try {
      check("this file's hooks");
    } finally {
      if (!process.env["GUARDRAILS_KEEP_CALL_LOGS"]) rmSync(LOG, { force: true });
    }
  });
}

/** Checks the calls logged since the last check; throws their violations. */
function check(who: string): void {
  const text = existsSync(LOG) ? readFileSync(LOG).subarray(offset).toString("utf8") : "";
  offset += Buffer.byteLength(text);
  const lines = text.split("\n").filter(Boolean);
  const violations = [...new Set(lines.flatMap((line) => validateCall(models!, JSON.parse(line) as Call)))];
  if (violations.length > 0)
    throw new Error(
      `${violations.length} call(s) by ${who} break AWS's service models:\n  ${violations.slice(0, 20).join("\n  ")}`,
    );
}
