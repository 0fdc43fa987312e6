import { ListClustersCommand } from "@aws-sdk/client-ecs";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CALL_LOG_ENV } from "@ecs-guardrails/sim/endpoints/call-log";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { startWorld, type World } from "./world.ts";

// The hook the AWS-model checks hang on (test/support/aws-models-setup.ts): without it every
// suite would pass however wrong a reply is, so it is tested itself.

let world: World;
const previous = process.env[CALL_LOG_ENV];
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
  if (previous === undefined) delete process.env[CALL_LOG_ENV];
  else process.env[CALL_LOG_ENV] = previous;
});

describe("the local endpoints' call log", () => {
  it("gets every call served, request and raw reply, in the file GUARDRAILS_SIM_CALL_LOG names", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "guardrails-calls-")), "calls.jsonl");
    process.env[CALL_LOG_ENV] = file;

    await world.ecs.send(new ListClustersCommand({ maxResults: 5 }));

    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        service: "ECS",
        operation: "ListClusters",
        status: 200,
        request: { maxResults: 5 },
        response: world.calls.at(-1)!.response,
      },
    ]);
  });

  it("is on for the suites whenever AWS's models are there, so their calls are checked", () => {
    // aws-models-setup.ts names the file before any test runs; a run without botocore says so in one line.
    expect(previous?.match(/test-output\/calls\/.+\.jsonl$/) !== null && previous !== undefined).toBe(
      inject("awsModels"),
    );
  });
});
