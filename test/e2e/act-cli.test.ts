import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import { startLocalEndpoints, type LocalEndpoints } from "@ecs-guardrails/sim/endpoints/server";
import { runCli } from "../support/cli.ts";
import { freshHistoryTable } from "../support/dynamodb.ts";

// `guardrails act` as a person runs it beside `npm start`: a spawned process finds the running
// backend through its note (.guardrails/runtime.json: here the local endpoints and the shared
// DynamoDB Local) and runs the chat command function through a channel's alias, as Amazon Q
// would; the reply goes to the local topic.

let endpoints: LocalEndpoints;
const home = mkdtempSync(path.join(tmpdir(), "act-"));
let env: Record<string, string>;

beforeAll(async () => {
  const clock = createManualClock(Date.parse("2026-11-20T10:00:00Z"));
  const sim = new EcsSimulator({ clock, emit: () => undefined });
  sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 2 });
  endpoints = await startLocalEndpoints({ ecs: sim, now: clock.now });
  sim.advance(600_000);
  const { tableName } = await freshHistoryTable();
  mkdirSync(home, { recursive: true });
  // The note `npm start` leaves; this process stands in for it (alive while the test runs).
  const note = {
    pid: process.pid,
    dynamoEndpoint: inject("dynamoEndpoint"),
    endpoint: endpoints.url,
    table: tableName,
  };
  writeFileSync(path.join(home, "runtime.json"), JSON.stringify(note));
  env = { GUARDRAILS_HOME: home };
});

afterAll(async () => {
  await endpoints?.close();
  rmSync(home, { recursive: true, force: true });
});

describe("guardrails act", () => {
  it("answers status with the service's current state", async () => {
    const run = await runCli(["act", "status", "--cluster", "prod", "--service", "web"], { env });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("done: running");
    expect(run.stdout).toContain("guardrails active (not snoozed)");
    expect(run.code).toBe(0);
  });

  it("refuses, in one line, a command the channel may not run", async () => {
    const run = await runCli(["act", "rollback-now", "--cluster", "prod", "--service", "web", "--key", "k"], { env });
    expect(run.stdout.trim()).toBe(
      "not done: rollback-now is not allowed in channel local (chat.channels in the configuration)",
    );
    expect(run.code).toBe(1);
  });

  it("snoozes the service, and status says so", async () => {
    const snooze = await runCli(["act", "snooze", "--cluster", "prod", "--service", "web"], { env });
    expect(snooze.stdout).toMatch(/^done: Snoozed prod\/web's guardrails until .*: noted/);
    const status = await runCli(["act", "status", "--cluster", "prod", "--service", "web"], { env });
    expect(status.stdout).toContain("the service's guardrails are snoozed until");
    // Each reply went to the topic, in the service's chat thread, with no buttons of its own.
    const replies = endpoints.published.map((m) => JSON.parse(m.message));
    expect(replies.map((r) => r.metadata.threadId)).toEqual([
      "prod/web/chat",
      "prod/web/chat",
      "prod/web/chat",
      "prod/web/chat",
    ]);
    expect(replies.every((r) => r.metadata.additionalContext.chatRef === undefined)).toBe(true);
  });

  it("says what is wrong when no backend runs", async () => {
    const run = await runCli(["act", "status", "--cluster", "prod", "--service", "web"], {
      env: { GUARDRAILS_HOME: mkdtempSync(path.join(tmpdir(), "none-")) },
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("start it first");
  });
});
