import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, ROOT, runCli } from "../support/cli.ts";

const scenario = new URL("../fixtures/replay/crash-loop-scenario.json", import.meta.url).pathname;
const fixtures = new URL("../fixtures/aws-events/", import.meta.url).pathname;

describe("guardrails replay", () => {
  it("reports the rollback, the notifications, the rejected event and a summary as JSON lines", async () => {
    const run = await runCli(["replay", scenario, "--json"]);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    const actions = lines.filter((l) => l["type"] === "action");
    expect(actions).toEqual([
      expect.objectContaining({
        policy: "auto-rollback",
        action: "rollback",
        mode: "enforce",
        cluster: "prod",
        service: "web",
        taskDefinition: expect.stringMatching(/task-definition\/web:41$/),
        at: "2026-11-20T10:02:30.000Z",
        reason: expect.stringContaining("threshold of 3"),
      }),
    ]);
    expect(
      lines
        .filter((l) => l["type"] === "notification")
        .map((l) => [l["severity"], l["policy"], l["cluster"], l["service"]]),
    ).toEqual([
      ["warning", "auto-rollback", "prod", "web"],
      ["critical", "auto-rollback", "prod", "web"],
    ]);
    expect(lines.find((l) => l["type"] === "rejected")).toMatchObject({
      index: 6,
      error: expect.stringContaining("id is required"),
    });
    expect(lines.at(-1)).toEqual({
      type: "summary",
      events: 9,
      duplicates: 1,
      rejected: 1,
      actions: 1,
      notifications: 2,
    });
  });

  it("reports the Spot fallback and the return with their strategies, and backs off after a relapse", async () => {
    const spot = new URL("../fixtures/replay/spot-outage-scenario.json", import.meta.url).pathname;
    const run = await runCli(["replay", spot, "--json"]);
    const actions = jsonLines(run.stdout).filter((l) => l["type"] === "action");
    const SPOT = [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }];
    const ON_DEMAND = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
    expect(actions.map((a) => [a["action"], a["at"], a["capacityProviderStrategy"]])).toEqual([
      ["capacity-fallback", "2026-11-20T10:01:00.000Z", ON_DEMAND],
      ["capacity-restore", "2026-11-20T10:34:59.000Z", SPOT],
      ["capacity-fallback", "2026-11-20T10:50:00.000Z", ON_DEMAND],
      ["capacity-restore", "2026-11-20T11:54:59.000Z", SPOT],
    ]);
    expect(actions[2]).toMatchObject({
      policy: "spot-fallback",
      mode: "enforce",
      cluster: "prod",
      service: "queue",
      previousStrategy: SPOT,
      reason: expect.stringContaining("relapse 1"),
    });
  });

  it("reports what it would do in observe mode, acting on nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replay-"));
    writeFileSync(join(dir, "observe.json"), JSON.stringify({ policies: { "auto-rollback": { mode: "observe" } } }));
    const run = await runCli(["replay", scenario, "--json", "--config", join(dir, "observe.json")]);
    const action = jsonLines(run.stdout).find((l) => l["type"] === "action");
    expect(action).toMatchObject({ action: "rollback", mode: "observe", verdict: "observed" });
  });

  it("reads JSON Lines of raw AWS events and accepts every documented sample", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replay-"));
    const names = [
      "ecs-task-running-service-fargate-real.json",
      "ecs-task-stopped-service-scaling-fargate-real.json",
      "ecs-deployment-in-progress.json",
      "ecs-service-action-steady-state.json",
      "ecs-task-stopped-service-scaling-fargate-real.json",
    ];
    const { readFileSync } = await import("node:fs");
    writeFileSync(
      join(dir, "events.jsonl"),
      names.map((n) => JSON.stringify(JSON.parse(readFileSync(join(fixtures, n), "utf8")))).join("\n"),
    );
    const run = await runCli(["replay", join(dir, "events.jsonl"), "--json"]);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).at(-1)).toEqual({
      type: "summary",
      events: 5,
      duplicates: 1,
      rejected: 0,
      actions: 0,
      notifications: 0,
    });
  });

  it("is installed as `npx guardrails`, the way outside checks call it", async () => {
    const { execFile } = await import("node:child_process");
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile("npx", ["--no-install", "guardrails", "replay", scenario, "--json"], { cwd: ROOT }, (error, out) =>
        error ? reject(error) : resolve(out),
      ),
    );
    expect(jsonLines(stdout).at(-1)).toMatchObject({ type: "summary", actions: 1 });
  });

  it("prints a readable table without --json", async () => {
    const run = await runCli(["replay", scenario]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/AT\s+CLUSTER\s+SERVICE\s+POLICY\s+ACTION/);
    expect(run.stdout).toMatch(/9 events, 1 duplicates, 1 rejected, 1 actions, 2 notifications/);
  });

  it.each([
    ["a missing file", ["replay", "/nonexistent/events.json"], /cannot read \/nonexistent\/events\.json: ENOENT/],
    ["a file that is not JSON", ["replay", "NOT_JSON"], /line 1: not valid JSON/],
    ["no file at all", ["replay"], /missing required argument 'FILE'/],
  ])("exits non-zero with one line naming the problem for %s", async (_name, args, message) => {
    const dir = mkdtempSync(join(tmpdir(), "replay-"));
    writeFileSync(join(dir, "NOT_JSON"), "this is not json\n");
    const run = await runCli(args, { cwd: dir });
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
