import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import { startLocalEndpoints, type LocalEndpoints } from "@ecs-guardrails/sim/endpoints/server";
import { functionSetup, loadFunctions } from "../../packages/cli/src/runtime/functions.ts";
import { runCli } from "../support/cli.ts";
import { freshHistoryTable } from "../support/dynamodb.ts";
import { jobEvent, jobIds } from "../support/pipeline.ts";

// "Let this execution through" end to end: the pipeline function's gate blocks a release (the
// kill switch, enforce) and its notice offers the button; a person runs it with
// `guardrails act let-through` (no reason: one line, refused); the gate then lets that
// execution's retried job through, and still blocks another execution.

let endpoints: LocalEndpoints;
const home = mkdtempSync(path.join(tmpdir(), "act-let-"));
const configFile = path.join(home, "guardrails.config.json");
let env: Record<string, string>;
let pipeline: (event: unknown) => Promise<{ answer: unknown }>;
const nextJob = jobIds("b");
const config = {
  killSwitch: true,
  pipeline: { gate: { mode: "enforce" } },
  chat: { channels: { local: { commands: ["let-through", "status"] } } },
};

beforeAll(async () => {
  const clock = createManualClock(Date.parse("2026-11-20T10:00:00Z"));
  const sim = new EcsSimulator({ clock, emit: () => undefined });
  sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 2 });
  endpoints = await startLocalEndpoints({ ecs: sim, now: clock.now });
  sim.advance(600_000);
  const { tableName } = await freshHistoryTable();
  mkdirSync(home, { recursive: true });
  writeFileSync(configFile, JSON.stringify(config));
  const note = {
    pid: process.pid,
    dynamoEndpoint: inject("dynamoEndpoint"),
    endpoint: endpoints.url,
    table: tableName,
  };
  writeFileSync(path.join(home, "runtime.json"), JSON.stringify(note));
  env = { GUARDRAILS_HOME: home };
  const setup = functionSetup({
    dynamoEndpoint: inject("dynamoEndpoint"),
    awsEndpoint: endpoints.url,
    config: parseConfig(config, "test"),
    tableName,
  });
  pipeline = loadFunctions(setup, () => new Date(Date.now())).pipeline as typeof pipeline;
});

afterAll(async () => {
  await endpoints?.close();
  rmSync(home, { recursive: true, force: true });
});

const gate = (jobId: string, executionId: string) =>
  pipeline(jobEvent(jobId, { mode: "gate", cluster: "prod", service: "web", executionId }));

const act = (...args: string[]) =>
  runCli(["act", "let-through", "--cluster", "prod", "--service", "web", "--config", configFile, ...args], { env });

describe("guardrails act let-through", () => {
  it("lets the blocked execution through the gate, with its reason recorded, and no other", async () => {
    const first = nextJob();
    expect((await gate(first, "exec-1")).answer).toMatchObject({ outcome: "failure", type: "JobFailed" });
    const blocked = endpoints.published
      .map((m) => JSON.parse(m.message))
      .find((n) => n.metadata.additionalContext.chatOffer === "gate-blocked");
    const { chatKey, chatThread } = blocked.metadata.additionalContext;
    expect(chatKey).toBe(`pipeline-job-${first}`);

    const noReason = await act("--key", chatKey, "--thread", chatThread);
    expect(noReason.stdout.trim()).toBe("not done: let-through needs a reason: it is recorded with the decision");
    expect(noReason.code).toBe(1);

    const done = await act("--key", chatKey, "--thread", chatThread, "--reason", "hotfix for the outage");
    expect(done.stderr).toBe("");
    expect(done.stdout.trim()).toBe("done: Pipeline execution exec-1 let through the gate of prod/web: noted");

    const again = await act("--key", chatKey, "--thread", chatThread, "--reason", "me too");
    expect(again.stdout).toContain("already done");

    const retried = await gate(nextJob(), "exec-1");
    expect(retried.answer).toMatchObject({
      outcome: "success",
      outputVariables: { gate: "let-through" },
      summary: expect.stringContaining('let through by channel local: "hotfix for the outage"'),
    });
    expect((await gate(nextJob(), "exec-2")).answer).toMatchObject({ outcome: "failure", type: "JobFailed" });
  });
});
