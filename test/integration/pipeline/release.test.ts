import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { DynamoHistoryStore } from "../../../packages/aws/src/history/dynamo-history-store.ts";
import { jobIdOf, pipelineJobEvent } from "../../../packages/sim/src/events/pipeline-job.ts";
import { runRelease, type Release } from "../../../packages/cli/src/runtime/pipeline-run.ts";
import { startStack, type LocalStack } from "../../../packages/cli/src/runtime/stack.ts";
import type { PublishedMessage } from "../../../packages/sim/src/endpoints/sns.ts";

// A pipeline through the local runtime: the real pipeline function answers the local
// CodePipeline endpoint, the deploy action updates the simulated ECS, and verify follows the
// deployment with continuation tokens. One release passes; a bad one is rolled back by the
// guardrails and fails verify, saying why.

const START = Date.parse("2026-11-20T10:00:00Z");
let stack: LocalStack;
let history: DynamoHistoryStore;
const notices: PublishedMessage[] = [];
const tableName = `pipeline-${randomUUID().slice(0, 8)}`;

const release = (n: number, taskDefinition: string): Release => ({
  pipeline: "shop-release",
  executionId: `0000000${n}-aaaa-4bbb-8ccc-00000000000${n}`,
  cluster: "pipe",
  service: "shop",
  taskDefinition,
  commitId: `c0ffee${n}`,
  branch: "main",
  bakeMinutes: 3,
  pollMs: 30_000,
});

beforeAll(async () => {
  const config = parseConfig({
    pipeline: { gate: { mode: "enforce" } },
    overrides: [{ cluster: "pipe", service: "*", policies: { "auto-rollback": { mode: "enforce" } } }],
  });
  stack = await startStack({
    config,
    start: START,
    simulatorEmits: true,
    sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName },
    onNotification: (m) => void notices.push(m),
  });
  history = new DynamoHistoryStore({ client: stack.dynamo.client, tableName });
  for (let i = 0; i < 3; i++) stack.sim.registerTaskDefinition({ family: "shop", cpu: 256, memory: 512 });
  // cart: 3 tasks whose image cannot be pulled (they never reach RUNNING, which ECS's breaker
  // counts; a crash after RUNNING it does not), so ECS's circuit breaker (threshold 3 at this
  // size, the guardrails' own too) fails the bad revision and the guardrails leave it to ECS.
  for (let i = 0; i < 2; i++) stack.sim.registerTaskDefinition({ family: "cart", cpu: 256, memory: 512 });
  stack.sim.setFault({ taskDefinition: "cart:2" }, { kind: "image-pull" });
  stack.sim.addService({
    cluster: "pipe",
    name: "cart",
    taskDefinition: "cart:1",
    desiredCount: 3,
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    initial: "deploying",
  });
  stack.sim.setFault({ taskDefinition: "shop:3" }, { kind: "crash", afterSeconds: 20, exitCode: 1 });
  stack.sim.addService({
    cluster: "pipe",
    name: "shop",
    taskDefinition: "shop:1",
    desiredCount: 10,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      minimumHealthyPercent: 100,
      maximumPercent: 130,
    },
    initial: "deploying",
  });
  await stack.advance(5 * 60_000);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe("a release through the local CodePipeline", () => {
  it("passes a good release: the gate, the deploy, then verify over several continuations", async () => {
    const run = await runRelease(stack, release(1, "shop:2"));

    expect(run.gate.final).toMatchObject({
      outcome: "success",
      outputVariables: {
        gate: "passed",
        lastKnownGood: expect.stringMatching(/shop:1$/),
        currentDeploymentId: expect.stringMatching(/^ecs-svc\//),
      },
    });
    const verify = run.verify!.results;
    expect(verify.length).toBeGreaterThan(3);
    expect(verify.slice(0, -1).every((r) => r.outcome === "success" && r.continuationToken)).toBe(true);
    expect(new Set(verify.map((r) => r.jobId)).size).toBe(verify.length);
    expect(run.verify!.final).toMatchObject({
      outcome: "success",
      continuationToken: undefined,
      outputVariables: { verify: "succeeded" },
    });
  }, 60_000);

  it("links the deployment to the pipeline execution and its commit in the history", async () => {
    const { items } = await history.timeline({ cluster: "pipe", service: "shop" }, { limit: 200 });
    const link = items.find((e) => e.type === "pipeline" && e.eventName === "pipeline-link");

    expect(link?.summary).toMatch(
      /^deployment ecs-svc\/\S+ released by pipeline shop-release execution 00000001-aaaa-4bbb-8ccc-000000000001 \(commit c0ffee1 on main\)$/,
    );
    expect(items.filter((e) => e.type === "pipeline").map((e) => e.eventName)).toEqual(
      expect.arrayContaining(["gate-passed", "verify-succeeded"]),
    );
  });

  it("fails a bad release once the guardrails have rolled it back, naming the rollback and the failures", async () => {
    const run = await runRelease(stack, release(2, "shop:3"));

    expect(run.gate.final?.outcome).toBe("success");
    const final = run.verify!.final;
    expect(final?.outcome).toBe("failure");
    expect(final?.outcome === "failure" && final.failureDetails).toMatchObject({
      type: "JobFailed",
      message: expect.stringMatching(
        /verify failed: deployment ecs-svc\/\S+ \(shop:3\) was rolled back by the guardrails \(auto-rollback\).*failures by class: crash \d/,
      ),
    });
    expect(run.verify!.results.some((r) => r.outcome === "success" && !r.continuationToken)).toBe(false);
  }, 60_000);

  it("names the pipeline and the commit in the rollback's notification", () => {
    const rollback = notices
      .map((m) => JSON.parse(m.message))
      .find((m) => /Roll back pipe\/shop from shop:3/.test(m.content.title));
    expect(JSON.stringify(rollback)).toMatch(
      /pipeline shop-release execution 00000002-aaaa-4bbb-8ccc-000000000002 \(commit c0ffee2 on main\)/,
    );
  });

  it("fails a release ECS's circuit breaker gave up on, saying ECS rolls it back", async () => {
    const run = await runRelease(stack, { ...release(3, "cart:2"), service: "cart" });

    const final = run.verify!.final;
    expect(final?.outcome === "failure" && final.failureDetails.message).toMatch(
      /^verify failed: deployment ecs-svc\/\S+ \(cart:2\) (FAILED: ECS deployment circuit breaker.*ECS rolls it back with its circuit breaker|was rolled back by ECS)/,
    );
  }, 60_000);

  it("answers a job delivered twice once", async () => {
    const event = pipelineJobEvent({
      jobId: jobIdOf("twice"),
      userParameters: { mode: "gate", cluster: "pipe", service: "shop" },
    });
    const first = await stack.invokePipeline(event);
    const second = await stack.invokePipeline(structuredClone(event));

    expect(first?.status).toBe("answered");
    expect(second?.status).toBe("duplicate");
    expect(stack.endpoints.jobResults.filter((r) => r.jobId === jobIdOf("twice"))).toHaveLength(1);
  });

  it("answers bad UserParameters with a ConfigurationError naming the field", async () => {
    await stack.invokePipeline(
      pipelineJobEvent({ jobId: jobIdOf("bad"), userParameters: { mode: "verify", cluster: "pipe" } }),
    );
    expect(stack.endpoints.jobResults.find((r) => r.jobId === jobIdOf("bad"))).toMatchObject({
      outcome: "failure",
      failureDetails: { type: "ConfigurationError", message: "UserParameters.service is required" },
    });
  });
});
