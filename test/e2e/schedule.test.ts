import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalEndpoints, type LocalEndpoints } from "@ecs-guardrails/sim/endpoints/server";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";

// `guardrails schedule` spawned as a user runs it: from config alone for one named service,
// and from a running local runtime's services and their tags (a runtime note pointing at local
// endpoints served by this test).

const NIGHTS = {
  windows: [
    { name: "nights", timezone: "Europe/Berlin", days: ["mon-sun"], from: "20:00", to: "07:00", desiredCount: 1 },
  ],
};
const CONFIG = {
  policies: {
    "scheduled-scaling": {
      mode: "enforce",
      schedules: {
        nights: NIGHTS,
        weekends: {
          windows: [{ name: "weekend", timezone: "UTC", start: "0 20 * * 5", end: "0 6 * * 1", stopped: true }],
        },
      },
    },
  },
  overrides: [{ cluster: "prod", service: "batch-*", policies: { "scheduled-scaling": { schedule: "nights" } } }],
};

let dir: string;
let config: string;
const home = () => ({ GUARDRAILS_HOME: join(dir, "home") });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "guardrails-schedule-"));
  config = join(dir, "guardrails.config.json");
  writeFileSync(config, JSON.stringify(CONFIG));
});

type Preview = {
  from: string;
  days: number;
  services: {
    cluster: string;
    service: string;
    schedule: string | undefined;
    transitions: { at: string; local: string; kind: string; sets: string; dst: string | undefined }[];
    warnings: string[];
  }[];
};

describe("guardrails schedule from config alone", () => {
  it("previews a named service's transitions over Berlin's spring-forward day, local and UTC, the DST day marked", async () => {
    const run = await runCli(
      [
        "schedule",
        "--config",
        config,
        "--cluster",
        "prod",
        "--service",
        "batch-1",
        "--at",
        "2026-03-28T12:00:00Z",
        "--days",
        "2",
        "--json",
      ],
      { env: home() },
    );

    expect(run.code).toBe(0);
    const preview = JSON.parse(run.stdout) as Preview;
    expect(preview.services.map((s) => [s.cluster, s.service, s.schedule])).toEqual([["prod", "batch-1", "nights"]]);
    expect(preview.services[0]!.transitions.map((t) => [t.at, t.local, t.kind, t.dst ?? ""])).toEqual([
      ["2026-03-28T19:00:00.000Z", "2026-03-28 20:00", "start", ""],
      ["2026-03-29T05:00:00.000Z", "2026-03-29 07:00", "end", "DST day: +01:00 → +02:00"],
      ["2026-03-29T18:00:00.000Z", "2026-03-29 20:00", "start", "DST day: +01:00 → +02:00"],
      ["2026-03-30T05:00:00.000Z", "2026-03-30 07:00", "end", ""],
    ]);
  });

  it("prints a table for people", async () => {
    const run = await runCli(
      [
        "schedule",
        "--config",
        config,
        "--cluster",
        "prod",
        "--service",
        "batch-1",
        "--at",
        "2026-03-28T12:00:00Z",
        "--days",
        "1",
      ],
      { env: home() },
    );

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /prod\/batch-1 \(schedule nights\)\n\s+LOCAL\s+ZONE\s+UTC\s+CHANGE\s+SETS\s+DST\n\s+2026-03-28 20:00 \+01:00\s+Europe\/Berlin\s+2026-03-28 19:00Z\s+start nights\s+1 task/,
    );
  });

  it("says in one line what is missing without a running runtime or a named service", async () => {
    const run = await runCli(["schedule", "--config", config], { env: home() });

    expect(run.code).not.toBe(0);
    expect(run.stderr.trim()).toBe(
      "guardrails schedule: no local runtime is running (npm start) to list services from: name one service with --cluster and --service (no globs)",
    );
  });

  it("rejects a configuration whose schedule names nothing, naming the key", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        overrides: [{ cluster: "prod", service: "*", policies: { "scheduled-scaling": { schedule: "nigths" } } }],
        policies: { "scheduled-scaling": { schedules: { nights: NIGHTS } } },
      }),
    );

    const run = await runCli(["schedule", "--config", bad, "--cluster", "prod", "--service", "web"], { env: home() });

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      "overrides.0.policies.scheduled-scaling.schedule: names no schedule defined in schedules (nights)",
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("guardrails schedule against a running local runtime", () => {
  let endpoints: LocalEndpoints;
  let runtimeHome: string;

  beforeAll(async () => {
    const sim = new EcsSimulator({ clock: createManualClock("2026-03-02T09:00:00Z"), emit: () => {} });
    sim.registerTaskDefinition({ family: "app", cpu: 256, memory: 512 });
    sim.addService({ cluster: "prod", name: "batch-1", taskDefinition: "app:1", desiredCount: 2 });
    sim.addService({ cluster: "prod", name: "web", taskDefinition: "app:1", desiredCount: 2 });
    sim.addService({
      cluster: "prod",
      name: "reports",
      taskDefinition: "app:1",
      desiredCount: 2,
      tags: { "guardrails:scheduled-scaling:schedule": "weekends" },
    });
    sim.addService({
      cluster: "prod",
      name: "typo",
      taskDefinition: "app:1",
      desiredCount: 2,
      tags: { "guardrails:scheduled-scaling:schedule": "weekend" },
    });
    endpoints = await startLocalEndpoints({ ecs: sim });
    runtimeHome = join(dir, "runtime-home");
    // The note `npm start` leaves; this test process is the live pid it names.
    const { mkdirSync } = await import("node:fs");
    mkdirSync(runtimeHome, { recursive: true });
    writeFileSync(
      join(runtimeHome, "runtime.json"),
      JSON.stringify({ pid: process.pid, dynamoEndpoint: "http://127.0.0.1:1", endpoint: endpoints.url, table: "t" }),
    );
  });
  afterAll(async () => {
    await endpoints?.close();
  });

  it("lists every service with a schedule, by override or by its tag, and warns of a tag naming no schedule", async () => {
    const run = await runCli(
      ["schedule", "--config", config, "--at", "2026-03-06T12:00:00Z", "--days", "4", "--json"],
      { env: { GUARDRAILS_HOME: runtimeHome } },
    );

    expect(run.code).toBe(0);
    const preview = JSON.parse(run.stdout) as Preview;
    const byName = Object.fromEntries(preview.services.map((s) => [s.service, s]));
    expect(Object.keys(byName).sort()).toEqual(["batch-1", "reports", "typo"]);
    expect(byName["reports"]!.schedule).toBe("weekends");
    expect(byName["reports"]!.transitions.map((t) => [t.at, t.kind, t.sets])).toEqual([
      ["2026-03-06T20:00:00.000Z", "start", "stopped (0 tasks)"],
      ["2026-03-09T06:00:00.000Z", "end", "restore the values saved at the start"],
    ]);
    expect(byName["typo"]!.warnings).toEqual([
      "tag guardrails:scheduled-scaling:schedule=weekend ignored: no schedule of that name in config (nights, weekends)",
    ]);
    expect(byName["typo"]!.transitions).toEqual([]);
  });

  it("narrows to the services named by --cluster and --service globs", async () => {
    const run = await runCli(
      [
        "schedule",
        "--config",
        config,
        "--cluster",
        "prod",
        "--service",
        "re*",
        "--at",
        "2026-03-06T12:00:00Z",
        "--json",
      ],
      { env: { GUARDRAILS_HOME: runtimeHome } },
    );

    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Preview).services.map((s) => s.service)).toEqual(["reports"]);
  });

  it("names the running backend's services in one line when --service matches none of them", async () => {
    const run = await runCli(["schedule", "--config", config, "--cluster", "prod", "--service", "nope"], {
      env: { GUARDRAILS_HOME: runtimeHome },
    });

    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /no service matches --service nope in cluster prod \(known services: prod\/batch-1, prod\/reports, prod\/typo, prod\/web\)$/,
      ),
    ]);
  });
});
