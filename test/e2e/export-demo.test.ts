import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, jsonLines, runCli, startProcess } from "../support/cli.ts";

// The proof on the demo itself: `npm start` runs the demo (its history in DynamoDB
// Local), `guardrails export` reads the running table, and replaying the export under the
// demo's auto-rollback configuration rolls back the same services at the same times.
// The demo's scheduled scaling is left out: its window is set relative to the demo's start and
// acts through Application Auto Scaling, which a stream does not describe.

const home = mkdtempSync(join(tmpdir(), "guardrails-export-demo-"));
const env = { GUARDRAILS_HOME: home };
const demo = startProcess(process.execPath, [BIN, "start", "--fresh"], /Serving \(Ctrl-C to stop\)/, {
  env,
  timeoutMs: 300_000,
});
afterAll(async () => {
  demo.interrupt();
  const timer = setTimeout(() => demo.kill(), 15_000);
  await demo.exited;
  clearTimeout(timer);
}, 30_000);

const second = (at: unknown) => Math.floor(Date.parse(String(at)) / 1000);
const rollbacks = (lines: Record<string, unknown>[]) =>
  lines
    .filter((l) => l["policy"] === "auto-rollback")
    .map((l) => [l["cluster"], l["service"], l["action"], second(l["at"])])
    .sort((a, b) => Number(a[3]) - Number(b[3]));

describe("the demo's table, exported and replayed", () => {
  it("rolls back the services live rolled back, at the same times", async () => {
    await demo.started;
    const exported = await runCli(["export", "--since", "2h"], { env });
    expect(exported.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), "export-demo-"));
    writeFileSync(join(dir, "events.jsonl"), exported.stdout);
    writeFileSync(
      join(dir, "demo.json"),
      JSON.stringify({
        overrides: [
          { cluster: "demo", service: "*", policies: { "auto-rollback": { mode: "enforce" } } },
          // The demo's alarm story: checkout-5xx mapped to demo/checkout, as the demo configures it.
          { cluster: "demo", service: "checkout", policies: { "auto-rollback": { alarms: ["checkout-5xx"] } } },
          // The demo's Spot story, as the demo configures it: without it the fallback is only
          // observed, and a fallback not taken is never returned from.
          {
            cluster: "demo",
            service: "queue",
            policies: { "spot-fallback": { mode: "enforce", cooldownMinutes: 10 } },
          },
        ],
      }),
    );

    const replayed = await runCli(["replay", join(dir, "events.jsonl"), "--config", join(dir, "demo.json"), "--json"], {
      timeoutMs: 240_000,
    });

    expect(replayed.code).toBe(0);
    const recorded = rollbacks(jsonLines(exported.stdout).filter((l) => l["guardrails"] === "decision"));
    // The demo's four rollbacks (checkout's on its 5xx alarm), in whatever order the loaded machine ran them.
    expect(recorded.map((r) => r[1]).sort()).toEqual(["checkout", "shop", "web", "worker"]);
    const lines = jsonLines(replayed.stdout);
    expect(rollbacks(lines.filter((l) => l["type"] === "action"))).toEqual(recorded);
    // Paired in the report: each rollback beside its recorded twin, in agreement (target and
    // reason included): the export carries each service's state at first sight, with the
    // known-good deployment ECS no longer listed then (checkout's, worker's) from its history.
    expect(exported.stdout).toContain('"guardrails":"service"');
    const compared = lines.filter((l) => l["type"] === "comparison");
    const verdicts = (policy: string, key: string) =>
      Object.fromEntries(
        compared.filter((c) => c["policy"] === policy).map((c) => [c[key], c["difference"] ?? c["verdict"]]),
      );
    expect(verdicts("auto-rollback", "service")).toEqual({
      web: "agrees",
      shop: "agrees",
      checkout: "agrees",
      worker: "agrees",
    });
    // The Spot story: the fallback agrees, and so does the return, decided by the scheduled
    // reconcile: the export carries the times live's reconcile ran (the demo's own schedule,
    // from its start), and replay ticks at exactly those, to the millisecond.
    expect(exported.stdout).toContain('"guardrails":"tick"');
    const spot = JSON.stringify(compared.filter((c) => c["policy"] === "spot-fallback"));
    expect(verdicts("spot-fallback", "action"), spot).toEqual({
      "capacity-fallback": "agrees",
      "capacity-restore": "agrees",
    });
    const restore = compared.find((c) => c["action"] === "capacity-restore")!;
    const [replayedAt, liveAt] = [restore["candidate"], restore["recorded"]].map((side) => (side as { at: string }).at);
    expect(replayedAt).toBe(liveAt);
  }, 600_000);
});
