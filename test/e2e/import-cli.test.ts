import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import { startLocalEndpoints, type LocalEndpoints } from "@ecs-guardrails/sim/endpoints/server";
import type { SimEvent } from "@ecs-guardrails/sim/types";
import { jsonLines, runCli } from "../support/cli.ts";
import { freshHistoryTable } from "../support/dynamodb.ts";

// `guardrails import` as a user runs it after install: a spawned process reading ECS (the local
// endpoints' simulator, through the SDK's endpoint variables) into a "deployed" table (the shared
// DynamoDB Local, named with --table); then `guardrails history` says what was imported.

let endpoints: LocalEndpoints;
let tableName: string;
let env: Record<string, string>;
const home = mkdtempSync(path.join(tmpdir(), "import-"));

beforeAll(async () => {
  const clock = createManualClock(Date.parse("2026-11-20T10:00:00Z"));
  const sim = new EcsSimulator({ clock, emit: () => undefined });
  sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 2 });
  endpoints = await startLocalEndpoints({ ecs: sim, now: clock.now });
  sim.advance(3_600_000);
  const ecs = new ECSClient({
    endpoint: endpoints.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web:2" }));
  ecs.destroy();
  sim.advanceUntil(
    (e: SimEvent) =>
      e["detail-type"] === "ECS Deployment State Change" && e.detail.eventName === "SERVICE_DEPLOYMENT_COMPLETED",
    3_600_000,
  );
  tableName = (await freshHistoryTable()).tableName;
  env = {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_DYNAMODB: inject("dynamoEndpoint"),
    AWS_ENDPOINT_URL_ECS: endpoints.url,
    GUARDRAILS_HOME: home,
  };
});

afterAll(async () => {
  await endpoints?.close();
  rmSync(home, { recursive: true, force: true });
});

describe("guardrails import", () => {
  it("imports each service in scope once, then says it was imported before, and history says what it holds", async () => {
    const first = await runCli(["import", "--table", tableName, "--json"], { env });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(jsonLines(first.stdout)).toEqual([
      expect.objectContaining({
        cluster: "prod",
        service: "web",
        status: "imported",
        deployments: 2,
        calls: 3,
        knownGood: expect.stringMatching(/task-definition\/web:2$/),
      }),
    ]);

    const again = await runCli(["import", "--table", tableName], { env });
    expect(again.stdout).toMatch(/prod\/web\s+imported-before\s+2/);

    const history = await runCli(["history", "--cluster", "prod", "--service", "web", "--table", tableName], { env });
    expect(history.stdout).toContain("ECS's deployment history: 2 deployment(s) imported since");
    expect(history.stdout).toContain("imported 2 deployment(s) from ECS's deployment history");
  });

  it("says in one line what is wrong when there is no ECS to read", async () => {
    const run = await runCli(["import"], {
      env: { ...env, GUARDRAILS_HOME: mkdtempSync(path.join(tmpdir(), "none-")) },
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("start the local backend");
  });
});
