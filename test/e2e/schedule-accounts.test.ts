import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberRoleArn } from "@ecs-guardrails/aws/accounts/member-credentials";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import { startLocalEndpoints, type LocalEndpoints } from "@ecs-guardrails/sim/endpoints/server";
import { runCli } from "../support/cli.ts";

// `guardrails schedule` against a local runtime that is a hub (`npm start -- --accounts 2`): the
// member's services are listed as the member role, each preview names its account and Region,
// and --account narrows them (issue 23).

const MEMBER = "444455556666";
const ROLE = "ecs-guardrails-member";
const CONFIG = {
  policies: {
    "scheduled-scaling": {
      mode: "enforce",
      schedules: {
        nights: {
          windows: [
            { name: "nights", timezone: "UTC", days: ["mon-sun"], from: "20:00", to: "06:00", desiredCount: 1 },
          ],
        },
      },
    },
  },
  overrides: [{ cluster: "prod", service: "*", policies: { "scheduled-scaling": { schedule: "nights" } } }],
};

let dir: string;
let config: string;
let endpoints: LocalEndpoints;
let roles: Set<string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "guardrails-schedule-accounts-"));
  config = join(dir, "guardrails.config.json");
  writeFileSync(config, JSON.stringify(CONFIG));
  roles = new Set([memberRoleArn(MEMBER, ROLE)]);
  const clock = createManualClock(Date.parse("2026-03-02T09:00:00Z"));
  const home = new EcsSimulator({ clock, emit: () => undefined });
  const member = new EcsSimulator({ clock, emit: () => undefined, account: MEMBER });
  for (const [sim, name] of [
    [home, "web"],
    [member, "api"],
  ] as const) {
    sim.registerTaskDefinition({ family: name, cpu: 256, memory: 512 });
    sim.addService({ cluster: "prod", name, taskDefinition: `${name}:1`, desiredCount: 2 });
  }
  endpoints = await startLocalEndpoints({
    ecs: home,
    members: { [MEMBER]: { ecs: member, roles } },
  });
  // The note `npm start -- --accounts 2` leaves; this test process is the live pid it names.
  mkdirSync(join(dir, "home"), { recursive: true });
  writeFileSync(
    join(dir, "home", "runtime.json"),
    JSON.stringify({
      pid: process.pid,
      dynamoEndpoint: "http://127.0.0.1:1",
      endpoint: endpoints.url,
      table: "t",
      members: [MEMBER],
      memberRoleName: ROLE,
    }),
  );
});

afterAll(async () => {
  await endpoints?.close();
});

const env = () => ({ GUARDRAILS_HOME: join(dir, "home") });
const at = ["--at", "2026-03-02T12:00:00Z", "--days", "1"];

describe("guardrails schedule behind a hub", () => {
  it("previews every account's services, each titled with its account and Region", async () => {
    const run = await runCli(["schedule", "--config", config, ...at], { env: env() });

    expect(run.stderr).toBe("");
    const titles = run.stdout.split("\n").filter((l) => /prod\//.test(l));
    expect(titles).toEqual(["home prod/web (schedule nights)", `${MEMBER}/us-east-1 prod/api (schedule nights)`]);
  });

  it("keeps one account's services with --account, and --json names account and Region", async () => {
    const run = await runCli(["schedule", "--config", config, ...at, "--account", MEMBER, "--json"], { env: env() });

    expect(run.code).toBe(0);
    const services = (JSON.parse(run.stdout) as { services: Record<string, unknown>[] }).services;
    expect(services.map((s) => [s["account"], s["region"], s["cluster"], s["service"]])).toEqual([
      [MEMBER, "us-east-1", "prod", "api"],
    ]);
    const home = await runCli(["schedule", "--config", config, ...at, "--account", "home", "--json"], { env: env() });
    expect((JSON.parse(home.stdout) as { services: Record<string, unknown>[] }).services).toEqual([
      expect.objectContaining({ account: "home", region: "home", service: "web" }),
    ]);
  });

  it("names the known accounts in one line for an account it has no service in", async () => {
    const run = await runCli(["schedule", "--config", config, ...at, "--account", "777788889999"], { env: env() });

    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringContaining(`no services in account 777788889999 (known accounts: ${MEMBER}/us-east-1, home)`),
    ]);
  });

  it("says in one line which member it cannot list when the member role is gone", async () => {
    roles.clear();
    const run = await runCli(["schedule", "--config", config, ...at], { env: env() });
    roles.add(memberRoleArn(MEMBER, ROLE));

    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringContaining(`cannot list account ${MEMBER}'s services as the member role: AccessDenied`),
    ]);
  });
});
