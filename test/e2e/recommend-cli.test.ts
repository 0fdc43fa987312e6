import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DynamoRecommendationStore } from "@ecs-guardrails/aws/history/recommendation-store";
import { startLocalEndpoints, type LocalEndpoints } from "@ecs-guardrails/sim/endpoints/server";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import { recommend } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import { freshHistoryTable } from "../support/dynamodb.ts";
import { jsonLines, runCli } from "../support/cli.ts";
import { fargateUsage, minutes, settings } from "../support/right-sizing.ts";

// `guardrails recommend` as a user runs it: a spawned process reading a "deployed" table (the
// shared DynamoDB Local, named with --table) and, for --task-definition-out, ECS (the local
// endpoints' simulator) through the AWS SDK's endpoint variables.

let endpoints: LocalEndpoints;
let tableName: string;
let env: Record<string, string>;
let webArn: string;
const out = mkdtempSync(path.join(tmpdir(), "recommend-"));

beforeAll(async () => {
  const sim = new EcsSimulator({ clock: createManualClock(Date.parse("2026-11-20T10:00:00Z")), emit: () => undefined });
  webArn = sim.registerTaskDefinition({ family: "web", cpu: 1024, memory: 4096 }).arn;
  endpoints = await startLocalEndpoints({ ecs: sim });
  const table = await freshHistoryTable();
  tableName = table.tableName;
  const store = new DynamoRecommendationStore({ client: table.client, tableName });
  const at = "2026-11-20T10:00:00.000Z";
  // prod/web: 1 vCPU / 4 GB → 0.25 vCPU / 2 GB (recommend.test.ts computes it by hand).
  const web = recommend(fargateUsage({ revision: webArn }), settings());
  const young = recommend(
    fargateUsage({
      ref: { cluster: "prod", service: "young" },
      cpuUtilization: minutes([600, 20]),
      memoryUtilization: minutes([600, 25]),
    }),
    settings(),
  );
  const batch = recommend(fargateUsage({ ref: { cluster: "batch", service: "etl" } }), settings());
  // batch/grow: memory at 95 % → 1 vCPU / 5 GB, $6.49/month more than now (texts.test.ts).
  const grow = recommend(
    fargateUsage({ ref: { cluster: "batch", service: "grow" }, memoryUtilization: minutes([1440, 95]) }),
    settings(),
  );
  for (const r of [web, young, batch, grow])
    await store.save({ recommendation: r, at, announcedAt: at, change: ["first recommendation"] }, { announce: true });
  env = {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_DYNAMODB: inject("dynamoEndpoint"),
    AWS_ENDPOINT_URL_ECS: endpoints.url,
    GUARDRAILS_HOME: out,
  };
});

afterAll(async () => {
  await endpoints?.close();
  rmSync(out, { recursive: true, force: true });
});

describe("guardrails recommend", () => {
  it("prints a table of the stored recommendations", async () => {
    const run = await runCli(["recommend", "--table", tableName], { env });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^SERVICE\s+STATUS\s+NOW\s+RECOMMENDED\s+COST\s+RISK\s+WHY THIS SIZE$/);
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/).slice(0, 5))).toEqual([
      ["batch/etl", "over-provisioned", "1 vCPU / 4 GB", "0.25 vCPU / 2 GB", "saves $57.31/month"],
      ["batch/grow", "under-provisioned", "1 vCPU / 4 GB", "1 vCPU / 5 GB", "costs $6.49/month more"],
      ["prod/web", "over-provisioned", "1 vCPU / 4 GB", "0.25 vCPU / 2 GB", "saves $57.31/month"],
      ["prod/young", "insufficient-data", "1 vCPU / 4 GB", "10 h of data (600 CPU and 600 memory points), 24 h needed"],
    ]);
    expect(run.stdout).not.toContain("$-");
  });

  it("says in words what bound each recommended size", async () => {
    const run = await runCli(["recommend", "--table", tableName, "--cluster", "batch"], { env });
    const rows = run.stdout.trim().split("\n").slice(2);

    expect(rows.map((l) => l.split(/\s{2,}/).at(-1))).toEqual([
      "cpu sized from its p95 need; memory sized from its max need",
      "cpu raised because memory forces 1 vCPU; memory sized from its max need",
    ]);
  });

  it("shows each recommendation's risk: the share of datapoints above the recommended size, per dimension", async () => {
    const run = await runCli(["recommend", "--table", tableName, "--cluster", "prod"], { env });
    const web = run.stdout.split("\n").find((l) => l.startsWith("prod/web"))!;
    const json = jsonLines(
      (await runCli(["recommend", "--table", tableName, "--cluster", "prod", "--service", "web", "--json"], { env }))
        .stdout,
    );
    const explained = await runCli(["recommend", "--table", tableName, "--cluster", "prod", "--service", "web"], {
      env,
    });

    // 72 of the 1,440 minutes at 819.2 CPU units, above the recommended 256.
    expect(web.split(/\s{2,}/)[5]).toBe("cpu 5 %, memory 0 %");
    expect(json[0]).toMatchObject({
      evidence: {
        risk: {
          basis: "datapoints",
          periodSeconds: 60,
          cpu: { above: 72, points: 1440, percent: 5 },
          memory: { above: 0, points: 1440, percent: 0 },
        },
      },
    });
    expect(explained.stdout).toContain(
      "risk: cpu above 0.25 vCPU in 72 of 1440 points (5 %) — below the observed peak of 819.2 CPU units; memory above 2 GB in 0 of 1440 points (0 %)",
    );
  });

  it("prints one JSON object per recommendation of a cluster, evidence included", async () => {
    const run = await runCli(["recommend", "--table", tableName, "--cluster", "prod", "--json"], { env });
    const rows = jsonLines(run.stdout);

    expect(run.code).toBe(0);
    expect(rows.map((r) => (r["ref"] as { service: string }).service)).toEqual(["web", "young"]);
    expect(rows[0]).toMatchObject({
      status: "recommend",
      recommended: { cpu: 256, memory: 2048 },
      evidence: { dataPoints: { cpu: 1440, memory: 1440 }, oomKills: 0 },
      announcedAt: "2026-11-20T10:00:00.000Z",
    });
  });

  it("explains one service line by line", async () => {
    const run = await runCli(["recommend", "--table", tableName, "--cluster", "prod", "--service", "web"], { env });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("prod/web (web:1): over-provisioned: 1 vCPU / 4 GB → 0.25 vCPU / 2 GB");
    expect(run.stdout).toMatch(
      /cpu: p95 of the per-minute Maximum 204\.8 CPU units \+ 15 % → need 236 CPU units → 256 CPU units/,
    );
  });

  it("writes the RegisterTaskDefinition input with the new sizes for a person to apply", async () => {
    const file = path.join(out, "web.json");
    const run = await runCli(
      ["recommend", "--table", tableName, "--cluster", "prod", "--service", "web", "--task-definition-out", file],
      { env },
    );
    const input = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote .*web\.json: web:1 at 0\.25 vCPU \/ 2 GB \(now 1 vCPU \/ 4 GB\)/);
    expect(input).toMatchObject({
      family: "web",
      cpu: "256",
      memory: "2048",
      requiresCompatibilities: ["FARGATE"],
      containerDefinitions: [expect.objectContaining({ name: expect.any(String), image: expect.any(String) })],
    });
    // Only what RegisterTaskDefinition accepts: no read-only fields of the described revision.
    expect(Object.keys(input)).not.toEqual(expect.arrayContaining(["taskDefinitionArn"]));
    for (const key of ["taskDefinitionArn", "revision", "status", "registeredAt", "registeredBy", "compatibilities"])
      expect(input).not.toHaveProperty(key);
  });

  it("refuses --task-definition-out for a service with nothing to change, in one line", async () => {
    const run = await runCli(
      [
        "recommend",
        "--table",
        tableName,
        "--cluster",
        "prod",
        "--service",
        "young",
        "--task-definition-out",
        path.join(out, "young.json"),
      ],
      { env },
    );

    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/prod\/young has nothing to change \(insufficient data: .*\): no task definition written$/),
    ]);
  });

  it("names the missing flags in one line when --task-definition-out lacks a service", async () => {
    const run = await runCli(["recommend", "--table", tableName, "--task-definition-out", path.join(out, "x.json")], {
      env,
    });

    // A usage mistake: exit 2, as for every command (issue 18), with the help hint.
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      "guardrails recommend: --task-definition-out writes one service's task definition: pass --cluster and --service too (see `guardrails recommend --help`)",
    );
  });

  it("names the services it knows when asked for one it has no recommendation for", async () => {
    const run = await runCli(["recommend", "--table", tableName, "--cluster", "prod", "--service", "nope"], { env });

    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      "No recommendations for prod/nope: the right-sizing run has not looked at this service yet (known services: batch/etl, batch/grow, prod/web, prod/young).",
    ]);
  });

  it("rejects a flag without its value as a usage mistake", async () => {
    const run = await runCli(["recommend", "--cluster"], { env });

    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/--cluster <name>/);
  });
});
