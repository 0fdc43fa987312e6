import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { afterEach, describe, expect, it } from "vitest";
import { stops, taskStateChange } from "../../packages/sim/src/events/builders.ts";
import { jsonLines, runCli, startProcess, BIN } from "../support/cli.ts";

// `npm start` as a user runs it: a real process, real ports, Ctrl-C to stop.

const running: ReturnType<typeof startProcess>[] = [];
// Ctrl-C first, so that a failed test still stops DynamoDB Local (its own process group
// outlives a SIGKILL of ours); SIGKILL only if that does not end it.
afterEach(async () => {
  await Promise.all(
    running.splice(0).map(async (p) => {
      p.interrupt();
      const timer = setTimeout(() => p.kill(), 15_000);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}, 30_000);

async function stopWithCtrlC(p: ReturnType<typeof startProcess>) {
  p.interrupt();
  return p.exited;
}

/** Polls until `check` is true (at most ~10 s): a stopped process takes a moment to let go. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 40; i += 1) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

describe("npm start", () => {
  it("starts on a fresh clone, where the folder for its data does not exist yet", async () => {
    const home = join(mkdtempSync(join(tmpdir(), "guardrails-clone-")), ".guardrails");
    const p = startProcess("npm", ["start", "--no-demo"], /Serving \(Ctrl-C to stop\)/, {
      env: { GUARDRAILS_HOME: home },
      timeoutMs: 60_000,
    });
    running.push(p);

    await p.started;

    expect(p.output()).not.toMatch(/ENOENT|Error/);
  });

  it("serves the intake: an event posted with the AWS SDK shows up in `guardrails history`", async () => {
    const home = mkdtempSync(join(tmpdir(), "guardrails-home-"));
    const env = { GUARDRAILS_HOME: home };
    const p = startProcess("npm", ["start", "--no-demo"], /Serving \(Ctrl-C to stop\)/, { env, timeoutMs: 60_000 });
    running.push(p);
    await p.started;
    expect(p.output()).not.toMatch(/Demo/);
    const note = JSON.parse(readFileSync(join(home, "runtime.json"), "utf8")) as {
      endpoint: string;
      dynamoEndpoint: string;
    };

    const event = taskStateChange({
      cluster: "shop",
      service: "cart",
      taskId: "abc123",
      deploymentId: "ecs-svc/42",
      taskDefinition: "cart:3",
      version: 4,
      lastStatus: "STOPPED",
      time: new Date().toISOString(),
      stop: stops.outOfMemory(),
    });
    const bus = new EventBridgeClient({
      endpoint: note.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const put = await bus.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: event.source,
            DetailType: event["detail-type"],
            Detail: JSON.stringify(event.detail),
            Resources: event.resources,
            Time: new Date(event.time),
          },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(0);

    let entries: Record<string, unknown>[] = [];
    for (let i = 0; i < 20 && entries.length === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 500));
      entries = jsonLines(
        (await runCli(["history", "--cluster", "shop", "--service", "cart", "--json"], { env })).stdout,
      );
    }
    expect(entries).toEqual([
      expect.objectContaining({
        type: "task-stopped",
        stopClass: "out-of-memory",
        taskId: "abc123",
        deploymentId: "ecs-svc/42",
      }),
    ]);

    // npm itself dies of the SIGINT, as in a terminal; the guardrails process shuts down cleanly.
    await stopWithCtrlC(p);
    expect(
      await eventually(() =>
        fetch(note.dynamoEndpoint).then(
          () => false,
          () => true,
        ),
      ),
    ).toBe(true);
    expect(p.output()).toMatch(/Stopping/);
  }, 120_000);

  it("stops cleanly when interrupted in the middle of the demo, DynamoDB Local included", async () => {
    const home = mkdtempSync(join(tmpdir(), "guardrails-home-"));
    const p = startProcess(process.execPath, [BIN, "start", "--fresh"], /demo\/api\s+SERVICE_DEPLOYMENT_IN_PROGRESS/, {
      env: { GUARDRAILS_HOME: home },
      timeoutMs: 60_000,
    });
    running.push(p);
    await p.started;
    const note = JSON.parse(readFileSync(join(home, "runtime.json"), "utf8")) as { dynamoEndpoint: string };
    expect(await stopWithCtrlC(p)).toBe(0);
    expect(p.output()).toMatch(/Demo interrupted/);
    expect(
      await eventually(() =>
        fetch(note.dynamoEndpoint).then(
          () => false,
          () => true,
        ),
      ),
    ).toBe(true);
  }, 90_000);

  it("runs the demo as a quiet story: crash-loop rollbacks, a Spot fallback and its return, an alarm rollback, the lifecycle hook, over the span it states", async () => {
    const home = mkdtempSync(join(tmpdir(), "guardrails-home-"));
    const p = startProcess(process.execPath, [BIN, "start", "--fresh"], /Serving \(Ctrl-C to stop\)/, {
      env: { GUARDRAILS_HOME: home },
      timeoutMs: 240_000,
    });
    running.push(p);
    const output = await p.started;
    expect(output).toMatch(/demo\/api\s+SERVICE_DEPLOYMENT_COMPLETED/);
    expect(output).toMatch(/auto-rollback ACTED: Roll back demo\/web from web:2 to web:1 — 3 task failures/);
    expect(output).toMatch(
      /auto-rollback ACTED: Roll back demo\/worker from worker:2 to worker:1 — 3 task failures of the new revision \(3 out-of-memory\)/,
    );
    expect(output).not.toMatch(/SERVICE_DEPLOYMENT_FAILED/);
    expect(output).toMatch(/💬 :rotating_light: Roll back demo\/web/);
    expect(output).toMatch(/Demo done: .*; 0 dead letters\./);
    // The other stories: a Spot fallback and its return, an alarm rollback, the lifecycle hook.
    expect(output).toMatch(
      /demo\/queue\s+▶ spot-fallback ACTED: Move demo\/queue from Fargate Spot to on-demand Fargate/,
    );
    expect(output).toMatch(/\(reconcile\) demo\/queue\s+▶ spot-fallback ACTED: Return demo\/queue to Fargate Spot/);
    expect(output).toMatch(
      /demo\/checkout\s+▶ auto-rollback ACTED: Roll back demo\/checkout from checkout:2 to checkout:1 — alarm checkout-5xx went into ALARM during the deployment/,
    );
    expect(output).toMatch(/demo\/cart\s+▶ lifecycle hook at POST_SCALE_UP answered IN_PROGRESS/);
    expect(output).toMatch(/demo\/cart\s+▶ lifecycle hook at POST_SCALE_UP answered SUCCEEDED/);
    // Quiet by default: the story, not every task (--verbose: the next test).
    expect(output).not.toMatch(/ task \w{8} stopped: /);
    expect(output).not.toMatch(/SERVICE_STEADY_STATE/);
    expect(output.match(/answered IN_PROGRESS/g)).toHaveLength(1);
    // demo/batch's night window, through its scalable target: scaled down, then put back.
    expect(output).toMatch(
      /\(reconcile\) demo\/batch\s+▶ scheduled-scaling ACTED: Scale demo\/batch for window "night": 1 task.*min 1, max 1/,
    );
    expect(output).toMatch(
      /\(reconcile\) demo\/batch\s+▶ scheduled-scaling ACTED: Restore demo\/batch after window "night".*min 4, max 8/,
    );
    // Right-sizing: one over-provisioned and one OOM-prone service, from the local CloudWatch endpoint.
    expect(output).toMatch(/demo\/reports \(reports:1\): over-provisioned: 2 vCPU \/ 8 GB → /);
    expect(output).toMatch(/demo\/thumbnails \(thumbnails:1\): under-provisioned: 0\.5 vCPU \/ 1 GB → /);
    // The CodePipeline part: one release passes verify, the bad one fails it after our rollback.
    expect(output).toMatch(
      /✓ shop-release \(4f2a9c1\): gate passed; \d+ verify invocations \(\d+ continuation tokens\); SUCCEEDED/,
    );
    expect(output).toMatch(
      /✗ shop-release \(b7e03d8\): gate passed; .*FAILED — verify failed: deployment ecs-svc\/\d+ \(shop:3\) was rolled back by the guardrails \(auto-rollback\)/,
    );

    // The demo ran in the minutes before now: nothing in the history is stamped in the future,
    // and the first page says when it is not all of it.
    const env = { GUARDRAILS_HOME: home };
    const all = jsonLines(
      (await runCli(["history", "--cluster", "demo", "--service", "web", "--all", "--json"], { env })).stdout,
    );
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((e) => Date.parse(String(e["time"])) > Date.now())).toEqual([]);
    expect(all).toContainEqual(
      expect.objectContaining({ type: "decision", summary: expect.stringContaining("Roll back demo/web") }),
    );
    const page = await runCli(["history", "--cluster", "demo", "--service", "web", "--limit", "5"], { env });
    expect(page.stdout).toMatch(/^more: --after \S+$/m);
    const cursor = /--after (\S+)/.exec(page.stdout)![1]!;
    const next = jsonLines(
      (
        await runCli(
          ["history", "--cluster", "demo", "--service", "web", "--limit", "5", "--after", cursor, "--json"],
          { env },
        )
      ).stdout,
    );
    expect(next).toEqual(all.slice(5, 10));

    // The span the closing line states is the simulated clock's: what the demo recorded lies
    // inside it, its last release close to the end.
    const [, minutes, seconds, from, to] =
      /Demo done: (\d+) minutes?(?: (\d+) s)? of simulated time \((\S+ \S+) → (\S+ \S+) UTC\)/.exec(output)!;
    const [start, end] = [Date.parse(`${from}Z`), Date.parse(`${to}Z`)];
    expect(end - start).toBe(Number(minutes) * 60_000 + Number(seconds ?? 0) * 1000);
    expect(end).toBeLessThanOrEqual(Date.now());
    const times = (
      await Promise.all(
        ["web", "queue", "checkout", "cart", "shop"].map(async (service) =>
          jsonLines(
            (
              await runCli(["history", "--cluster", "demo", "--service", service, "--all", "--json"], { env })
            ).stdout,
          ),
        ),
      )
    )
      .flat()
      .map((e) => Date.parse(String(e["time"])));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start);
    expect(Math.max(...times)).toBeLessThanOrEqual(end);
    expect(await stopWithCtrlC(p)).toBe(0);
  }, 250_000);

  it("runs the demo across 3 accounts with --accounts 3: one rollback, in the member whose demo/orders crash-loops, named by account", async () => {
    const home = mkdtempSync(join(tmpdir(), "guardrails-home-"));
    const p = startProcess(
      process.execPath,
      [BIN, "start", "--fresh", "--accounts", "3"],
      /Serving \(Ctrl-C to stop\)/,
      {
        env: { GUARDRAILS_HOME: home },
        timeoutMs: 240_000,
      },
    );
    running.push(p);
    const output = await p.started;

    expect(output).toContain("Accounts: home and payments (444455556666), search (777788889999)");
    expect(output.match(/demo\/orders\s+▶ auto-rollback ACTED/g)).toHaveLength(1);
    expect(output).toMatch(
      /payments 444455556666\/us-east-1 demo\/orders\s+▶ auto-rollback ACTED: Roll back demo\/orders/,
    );
    expect(output).toMatch(/Demo done: .*; 0 dead letters\./);
  }, 300_000);

  it("prints every task line with --verbose", async () => {
    const home = mkdtempSync(join(tmpdir(), "guardrails-home-"));
    const p = startProcess(process.execPath, [BIN, "start", "--fresh", "--verbose"], /Serving \(Ctrl-C to stop\)/, {
      env: { GUARDRAILS_HOME: home },
      timeoutMs: 240_000,
    });
    running.push(p);

    const output = await p.started;

    expect(output).toMatch(/demo\/web\s+task \w{8} stopped: failed-to-start/);
    expect(output).toMatch(/demo\/queue\s+task \w{8} stopped: /);
    expect(output).toMatch(/SERVICE_STEADY_STATE/);
    expect(output.match(/answered IN_PROGRESS/g)!.length).toBeGreaterThan(1);
    expect(output).toMatch(/Demo done: .*; 0 dead letters\./);
  }, 250_000);
});
