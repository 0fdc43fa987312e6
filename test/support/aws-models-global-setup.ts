import type { TestProject } from "vitest/node";
import { loadModels } from "./aws-models/load.ts";

// Builds the AWS model extract once per run (test/support/aws-models/load.ts), so each test
// file's setup (aws-models-setup.ts) only reads the cache. Without botocore the calls go
// unchecked, said in one line; .ci/run sets GUARDRAILS_REQUIRE_BOTOCORE, so CI never skips.
export default function setup(project: TestProject) {
  const models = loadModels();
  if (!models && process.env["GUARDRAILS_REQUIRE_BOTOCORE"])
    throw new Error("botocore's service models are required (GUARDRAILS_REQUIRE_BOTOCORE): pip install botocore");
  if (!models)
    console.warn("AWS model checks of the local endpoints' calls skipped: no botocore (pip install botocore)");
  project.provide("awsModels", Boolean(models));
}

declare module "vitest" {
  export interface ProvidedContext {
    awsModels: boolean;
  }
}
