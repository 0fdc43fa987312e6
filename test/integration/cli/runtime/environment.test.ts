import { afterAll, describe, expect, inject, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import { startStack, type LocalStack } from "../../../../packages/cli/src/runtime/stack.ts";
import { jobIdOf, pipelineJobEvent } from "../../../../packages/sim/src/events/pipeline-job.ts";
import { freshHistoryTable } from "../../../support/dynamodb.ts";

// The local runtime hands the functions their endpoints, region, credentials, table and topic
// as parameters. It must not write them into process.env: a test process (or a replay) that
// starts several stacks, or talks to AWS itself, would otherwise find its own SDK clients
// pointed at whichever stack started last.

let stack: LocalStack | undefined;

afterAll(async () => {
  await stack?.stop();
});

describe("the local runtime and the process environment", () => {
  it("leaves process.env as it was after the stack is built and its functions run", async () => {
    const before = { ...process.env };
    const { tableName } = await freshHistoryTable();
    const config = parseConfig({
      policies: { "auto-rollback": { mode: "enforce" }, "spot-fallback": { mode: "enforce" } },
    });

    stack = await startStack({
      config,
      start: Date.parse("2026-03-02T10:00:00Z"),
      simulatorEmits: true,
      sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName },
    });
    stack.sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
    stack.sim.addService({
      cluster: "shop",
      name: "web",
      taskDefinition: "web:1",
      desiredCount: 2,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
    });
    await stack.advance(5 * 60_000, 30_000);
    const reconciled = await stack.reconcile();
    await stack.rightSize("run");
    const job = await stack.invokePipeline(
      pipelineJobEvent({
        jobId: jobIdOf("environment"),
        userParameters: { mode: "gate", cluster: "shop", service: "web" },
      }),
    );

    expect(reconciled.failures).toEqual([]);
    expect(job?.status).toBe("answered");
    expect(stack.deadLetters.entries).toEqual([]);
    expect({ ...process.env }).toEqual(before);
  });
});
