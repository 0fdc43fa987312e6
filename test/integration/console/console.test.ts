import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScanCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { startConsoleServer, type ConsoleServer } from "../../../packages/console/src/server.ts";
import { defaultSources } from "../../../packages/console/src/sources.ts";
import { DynamoConsoleStore } from "../../../packages/console/src/store.ts";
import { parseScheduledScalingSettings } from "../../../packages/core/src/capabilities/scheduled-scaling/settings.ts";
import { previewService } from "../../../packages/core/src/capabilities/scheduled-scaling/service-preview.ts";
import { computedRecommendation, config, playConsoleScenario } from "../../support/console-scenario.ts";
import { at, ref } from "../../support/rollout-scenario.ts";

// The console over a history the real ingest path wrote into DynamoDB Local: what each page
// says, and that nothing but reading is possible.

let server: ConsoleServer;
let client: DynamoDBClient;
let table: string;

const nights = parseScheduledScalingSettings({
  mode: "enforce",
  windows: [
    { name: "nights", timezone: "Europe/Paris", days: ["mon-fri"], from: "20:00", to: "07:00", desiredCount: 1 },
  ],
});

beforeAll(async () => {
  const g = await playConsoleScenario();
  ({ client, tableName: table } = g.table);
  const parsed = parseConfig(config);
  server = await startConsoleServer({
    store: new DynamoConsoleStore(client, table),
    config: parsed,
    now: () => new Date(at(3000)),
    sources: defaultSources(parsed, {
      recommendation: async (r) =>
        r.service === ref.service && r.cluster === ref.cluster ? computedRecommendation() : undefined,
      schedule: async (r, now) => (r.service === ref.service ? previewService(r, nights, {}, now, 7) : undefined),
      pipeline: async (_r, id) =>
        id === "ecs-svc/2" ? { pipeline: "web-release", executionId: "3f1c-exec", commit: "9b2e7d1" } : undefined,
    }),
  });
}, 60_000);

afterAll(() => server?.close());

const get = async (path: string) => {
  const res = await fetch(new URL(path, server.url));
  return { status: res.status, text: await res.text(), headers: res.headers };
};
const service = (extra = "") => get(`/service?cluster=prod&service=web${extra}`);

/** A request with the Host header a browser sends for whatever name it resolved to 127.0.0.1. */
const getWithHost = (host: string, path = "/") =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, path, headers: { Host: host } }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end();
  });

describe("the console", () => {
  it("binds to 127.0.0.1 by default", () => {
    expect(new URL(server.url).hostname).toBe("127.0.0.1");
  });

  it("lists every service with its current revision, what needs attention and the mode of each policy", async () => {
    const { status, text } = await get("/");
    expect(status).toBe(200);
    expect(text).toContain("3 of 3 services");
    expect(text).toMatch(/prod\/web<\/a><\/td>.*?<td>web:42 <span class="badge o-rolled-back">rolled-back<\/span>/);
    // The rollback leads; the newer Spot return is a routine note below it.
    expect(text).toMatch(
      /class="attention-top">[\s\S]*?auto-rollback acted: Roll back prod\/web[\s\S]*?attention-rest[\s\S]*?spot-fallback acted: Return prod\/web to Fargate Spot/,
    );
    expect(text).toMatch(/<td>enforce<\/td><td>enforce<\/td><td>observe<\/td><td>observe<\/td>/);
  });

  it("filters the overview by cluster and by the severity of the note a service leads with", async () => {
    expect((await get("/?cluster=shop")).text).toMatch(/1 of 3 services[\s\S]*shop\/cart/);
    expect((await get("/?cluster=shop")).text).not.toContain("prod/web</a>");
    const atLeastInfo = await get("/?severity=info");
    expect(atLeastInfo.text).toContain("1 of 3 services");
    // prod/web leads with its rollback (critical), not with the newer Spot return (info).
    expect((await get("/?severity=critical")).text).toMatch(/1 of 3 services[\s\S]*prod\/web/);
    expect((await get("/?policy=right-sizing")).text).toContain("3 of 3 services");
  });

  it("marks the rolled-back deployment on the service page and draws the rollback threshold line", async () => {
    const { status, text } = await service();
    expect(status).toBe(200);
    expect(text).toContain("web:42 ✕ rolled back");
    expect(text).toMatch(/<text[^>]*>rollback threshold: 3 failures<\/text>/);
    expect(text).toContain('<svg role="img" aria-labelledby="timeline--prod--web-desc"');
    expect(text).toContain("1 rolled back (web:42), 3 failed tasks (3 crash); the rollback threshold: 3 failures.");
    expect(text).toMatch(
      /ecs-svc\/2<\/a><\/td><td>web:42<\/td><td>[^<]+<\/td><td><span class="badge o-rolled-back">rolled back<\/span>/,
    );
  });

  it("gives each decision with its reason, and its message as chat shows it", async () => {
    const { text } = await service();
    expect(text).toContain("3 task failures of the new revision (3 crash) reached the threshold of 3");
    // Chat's 🚨 as a word: machines without an emoji font draw the emoji as an empty box.
    expect(text).toContain(
      '<span class="badge sev s-critical" title=":rotating_light:">critical</span> Roll back prod/web from web:42 to web:41',
    );
    expect(text).toContain("<strong>Revisions:</strong> <code>web:42</code> → <code>web:41</code>");
  });

  it("shows the Spot incident with its duration and on-demand cost", async () => {
    const { text } = await service();
    expect(text).toMatch(
      /<td>#1<\/td><td>2026-11-20 10:10:00Z<\/td><td>2026-11-20 10:40:00Z<\/td><td><span class="duration">30 min<\/span><\/td><td>2<\/td><td>\$0\.07<\/td>/,
    );
  });

  it("shows the schedule's next 7 days and the recommendation's numbers and cost delta", async () => {
    const { text } = await service();
    expect(text).toMatch(
      /<td>2026-11-20 20:00 \+01:00<\/td><td>Europe\/Paris<\/td><td>2026-11-20 19:00:00Z<\/td><td>start nights<\/td><td>1 task<\/td>/,
    );
    expect(text).toContain("current<b>1024 CPU units / 4096 MiB</b>");
    expect(text).toContain("recommended<b>256 CPU units / 2048 MiB</b>");
    expect(text).toContain("change<b>saves $57.31/month</b>");
    expect(text).toMatch(/CPU used, CPU units \(busiest task, per minute\) over 1440 minutes: p50 205/);
  });

  it("shows how often the recommended size would have been exceeded, per dimension", async () => {
    const { text } = await service();
    expect(text).toContain("risk (datapoints above)<b>CPU 5 % · memory 0 %</b>");
    expect(text).toContain(
      "risk: cpu above 0.25 vCPU in 72 of 1440 points (5 %) — below the observed peak of 819.2 CPU units; memory above 2 GB in 0 of 1440 points (0 %)",
    );
  });

  it("tells a deployment's story: failures with their stop class, the rollback and the pipeline", async () => {
    const { status, text } = await get("/deployment?cluster=prod&service=web&id=ecs-svc%2F2");
    expect(status).toBe(200);
    expect(text).toMatch(/<td>crash1<\/td><td>crash<\/td><td>container app exited with code 1<\/td>/);
    expect(text).toContain("Rolled back 2026-11-20 10:02:30Z by guardrails:auto-rollback");
    expect(text).toContain("Pipeline web-release, execution 3f1c-exec, commit <code>9b2e7d1</code>");
    const events = [...text.matchAll(/<tr><td>(2026-[^<]+)<\/td><td>(deployment|task-stopped|decision)<\/td>/g)].map(
      (m) => m[1]!,
    );
    expect(events.length).toBeGreaterThanOrEqual(5);
    expect(events).toEqual([...events].sort());
  });

  it("answers 404 for a service or deployment the history does not hold, and 400 without a name or for an unknown filter", async () => {
    expect((await get("/service?cluster=prod&service=nope")).status).toBe(404);
    expect((await get("/deployment?cluster=prod&service=web&id=ecs-svc/404")).status).toBe(404);
    expect((await get("/service?cluster=prod")).status).toBe(400);
    const typo = await get("/?policy=autorollback");
    expect(typo.status).toBe(400);
    expect(typo.text).toContain(
      "400: unknown policy &quot;autorollback&quot; (one of auto-rollback, spot-fallback, right-sizing, scheduled-scaling, pause-hook)",
    );
  });

  it("refuses every mutating method with 405 and changes nothing in the table", async () => {
    const before = await client.send(new ScanCommand({ TableName: table, Select: "COUNT" }));
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const res = await fetch(new URL("/service?cluster=prod&service=web", server.url), {
        method,
        body: method === "DELETE" ? null : "{}",
      });
      expect({ method, status: res.status, allow: res.headers.get("allow") }).toEqual({
        method,
        status: 405,
        allow: "GET, HEAD",
      });
    }
    const after = await client.send(new ScanCommand({ TableName: table, Select: "COUNT" }));
    expect(after.Count).toBe(before.Count);
  });

  it("answers only the names of the loopback address on its port, so a rebound DNS name cannot read it", async () => {
    for (const host of [
      "evil.example",
      `evil.example:${server.port}`,
      "127.0.0.1",
      `127.0.0.1:${server.port + 1}`,
      `localhost.evil.example:${server.port}`,
    ]) {
      const { status, text } = await getWithHost(host, "/service?cluster=prod&service=web");
      expect({ host, status }).toEqual({ host, status: 421 });
      expect(text).toMatch(
        /<h1>421: this console answers http:\/\/127\.0\.0\.1:\d+\/ and http:\/\/localhost:\d+\/ only<\/h1>/,
      );
      expect(text).not.toContain("prod/web");
    }
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`])
      expect({ host, status: (await getWithHost(host)).status }).toEqual({ host, status: 200 });
  });

  it("ships no script: the pages forbid it and carry none", async () => {
    const { text, headers } = await service();
    expect(headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(text).not.toMatch(/<script/i);
  });
});

describe("the console over a table's own stores", () => {
  it("shows the recommendation the right-sizing run stored for the service", async () => {
    const { DynamoRecommendationStore } = await import("../../../packages/aws/src/history/recommendation-store.ts");
    const { tableSources } = await import("../../../packages/console/src/sources.ts");
    const parsed = parseConfig(config);
    const stored = new DynamoRecommendationStore({ client, tableName: table });
    await stored.save(
      {
        recommendation: computedRecommendation(),
        at: at(2000),
        announcedAt: at(2000),
        change: ["first recommendation"],
      },
      { announce: false },
    );
    const own = await startConsoleServer({
      store: new DynamoConsoleStore(client, table),
      config: parsed,
      now: () => new Date(at(3000)),
      sources: tableSources(parsed, client, table),
    });
    try {
      const text = await (await fetch(new URL("/service?cluster=prod&service=web", own.url))).text();
      expect(text).toContain("recommended<b>256 CPU units / 2048 MiB</b>");
      const other = await (await fetch(new URL("/service?cluster=shop&service=cart", own.url))).text();
      expect(other).not.toContain("recommended<b>");
    } finally {
      await own.close();
    }
  });

  it("shows the pipeline execution and commit verify linked to the deployment", async () => {
    const { DynamoPipelineStore } = await import("../../../packages/aws/src/codepipeline/pipeline-store.ts");
    const { tableSources } = await import("../../../packages/console/src/sources.ts");
    const parsed = parseConfig(config);
    await new DynamoPipelineStore({ client, tableName: table }).linkDeployment({
      ...ref,
      deploymentId: "ecs-svc/2",
      executionId: "exec-77",
      pipeline: "web-release",
      commitId: "c0ffee1",
      branch: "main",
      at: at(150),
    });
    const own = await startConsoleServer({
      store: new DynamoConsoleStore(client, table),
      config: parsed,
      now: () => new Date(at(3000)),
      sources: tableSources(parsed, client, table),
    });
    try {
      const linked = await (
        await fetch(new URL("/deployment?cluster=prod&service=web&id=ecs-svc%2F2", own.url))
      ).text();
      expect(linked).toContain("web-release");
      expect(linked).toContain("c0ffee1");
      const unlinked = await (
        await fetch(new URL("/deployment?cluster=prod&service=web&id=ecs-svc%2F1", own.url))
      ).text();
      expect(unlinked).not.toContain("web-release");
    } finally {
      await own.close();
    }
  });
});
