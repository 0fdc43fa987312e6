import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../packages/core/src/config/load.ts";
import { startConsoleServer, type ConsoleServer } from "../../packages/console/src/server.ts";
import { defaultSources } from "../../packages/console/src/sources.ts";
import { DynamoConsoleStore } from "../../packages/console/src/store.ts";
import { parseScheduledScalingSettings } from "../../packages/core/src/capabilities/scheduled-scaling/settings.ts";
import { previewService } from "../../packages/core/src/capabilities/scheduled-scaling/service-preview.ts";
import { deploymentStateChange } from "../../packages/sim/src/events/builders.ts";
import { BIN, ROOT, runCli, startProcess } from "../support/cli.ts";
import { computedRecommendation, config, playConsoleScenario } from "../support/console-scenario.ts";
import { at, ref } from "../support/rollout-scenario.ts";

// The console in a real browser: Debian's chromium, headless, driven by playwright-core (no
// browser download). What is asserted is what a person sees on the rendered page.

const CHROMIUM =
  process.env["GUARDRAILS_CHROMIUM"] ?? ["/usr/lib/chromium/chromium", "/usr/bin/chromium"].find((p) => existsSync(p));
// .ci/run installs chromium and sets GUARDRAILS_REQUIRE_CHROMIUM, so CI never skips this suite.
if (!CHROMIUM && process.env["GUARDRAILS_REQUIRE_CHROMIUM"])
  throw new Error("chromium is required for test/e2e/console-browser.test.ts: apt-get install -y chromium");
if (!CHROMIUM) console.warn("test/e2e/console-browser.test.ts skipped: no chromium (apt-get install -y chromium)");

/** Screenshots for people (the README's come from here): test-output/console/. */
export const SCREENSHOTS = join(ROOT, "test-output", "console");

const nights = parseScheduledScalingSettings({
  mode: "enforce",
  windows: [
    { name: "nights", timezone: "Europe/Paris", days: ["mon-fri"], from: "20:00", to: "07:00", desiredCount: 1 },
  ],
});

let browser: Browser;
let server: ConsoleServer;
let page: Page;
/** The replay report of a Spot-only service that fell back twice (capacity deployments, no failed task). */
let spotReport: string;

/** prod/busy: many short deployments side by side, whose labels would print over each other. */
async function manyDeployments(send: (e: unknown) => Promise<unknown>): Promise<void> {
  const busy = { cluster: "prod", service: "busy" };
  for (let i = 0; i < 30; i++) {
    const deploymentId = `ecs-svc/busy${i}`;
    await send(
      deploymentStateChange({ ...busy, deploymentId, eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS", time: at(60 * i) }),
    );
    await send(
      deploymentStateChange({
        ...busy,
        deploymentId,
        eventName: "SERVICE_DEPLOYMENT_COMPLETED",
        time: at(60 * i + 40),
      }),
    );
  }
}

/** Every drawn label (chart text, badges) on the page: text and box. */
async function labelBoxes(p: Page) {
  return p.$$eval("svg text, .badge", (els) =>
    els
      .map((e) => ({ text: (e.textContent ?? "").trim(), box: e.getBoundingClientRect() }))
      .filter((l) => l.text && l.box.width > 0 && l.box.height > 0)
      .map((l) => ({ text: l.text, x: l.box.x, y: l.box.y, w: l.box.width, h: l.box.height })),
  );
}

/** Pairs of labels whose boxes intersect (by more than half a pixel: antialiasing). */
function overlaps(labels: { text: string; x: number; y: number; w: number; h: number }[]): string[] {
  const out: string[] = [];
  for (const [i, a] of labels.entries())
    for (const b of labels.slice(i + 1))
      if (
        Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 0.5 &&
        Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 0.5
      )
        out.push(`${a.text} × ${b.text}`);
  return out;
}

describe.skipIf(!CHROMIUM)("the console in a browser", () => {
  beforeAll(async () => {
    const g = await playConsoleScenario();
    await manyDeployments((e) => g.send(e as Parameters<typeof g.send>[0]));
    spotReport = join(mkdtempSync(join(tmpdir(), "guardrails-report-")), "spot.html");
    const spot = new URL("../fixtures/replay/spot-outage-scenario.json", import.meta.url).pathname;
    expect((await runCli(["replay", spot, "--html", spotReport])).code).toBe(0);
    const parsed = parseConfig(config);
    server = await startConsoleServer({
      store: new DynamoConsoleStore(g.table.client, g.table.tableName),
      config: parsed,
      now: () => new Date(at(3000)),
      sources: defaultSources(parsed, {
        recommendation: async (r) =>
          r.cluster === ref.cluster && r.service === ref.service ? computedRecommendation() : undefined,
        // The schedule's settings are not in the config schema yet: given here as the policy will read them.
        schedule: async (r, now) => (r.service === ref.service ? previewService(r, nights, {}, now, 7) : undefined),
      }),
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM!,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
    page = await browser.newPage({ viewport: { width: 1240, height: 900 } });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows every service on the overview, with the rolled-back revision, and narrows it by cluster", async () => {
    await page.goto(server.url);
    const rows = page.locator("table[data-table=services] tbody tr");
    await expect.poll(() => rows.count()).toBe(4);
    const web = rows.filter({ hasText: "prod/web" });
    expect(await web.innerText()).toMatch(/web:42\s+rolled-back/);
    await page.screenshot({ path: join(SCREENSHOTS, "overview.png"), fullPage: true });
    await page.selectOption("select[name=cluster]", "shop");
    await page.click("button[type=submit]");
    await page.waitForURL(/cluster=shop/);
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining("shop/cart")]);
  });

  it("marks the rolled-back deployment on the service page and draws the threshold line", async () => {
    await page.goto(server.url);
    await page.click("text=prod/web");
    await page.waitForURL(/service=web/);
    const chart = page.locator("figure[id^=timeline] svg");
    await expect.poll(() => chart.isVisible()).toBe(true);
    // The SVG's own text, as drawn: the band of the rolled-back revision and the threshold's label.
    expect(await chart.locator("text", { hasText: "web:42 ✕ rolled back" }).isVisible()).toBe(true);
    expect(await chart.locator("text", { hasText: "rollback threshold: 3 failures" }).isVisible()).toBe(true);
    expect(await chart.getAttribute("role")).toBe("img");
    const description = await page.locator(`#${await chart.getAttribute("aria-labelledby")}`).innerText();
    expect(description).toContain("1 rolled back (web:42)");
    const own = (id: string) => page.locator("td:first-child", { hasText: new RegExp(`^${id}$`) });
    expect(await page.locator("table[data-table=deployments] tbody tr", { has: own("ecs-svc/2") }).innerText()).toMatch(
      /web:42.*rolled back/s,
    );
    await page.screenshot({ path: join(SCREENSHOTS, "service.png"), fullPage: true });
  });

  it("reads each decision's reason and the Spot incident's duration", async () => {
    await page.goto(new URL("service?cluster=prod&service=web", server.url).href);
    const decisions = page.locator("table[data-table=decisions]");
    expect(await decisions.innerText()).toContain(
      "3 task failures of the new revision (3 crash) reached the threshold of 3",
    );
    const incident = page.locator("table[data-table=incidents] tbody tr").first();
    expect(await incident.innerText()).toMatch(
      /#1\s+2026-11-20 10:10:00Z\s+2026-11-20 10:40:00Z\s+30 min\s+2\s+\$0\.07/,
    );
    expect(await page.locator("table[data-table=schedule] tbody tr").first().innerText()).toMatch(
      /2026-11-20 20:00 \+01:00\s+Europe\/Paris\s+2026-11-20 19:00:00Z\s+start nights\s+1 task/,
    );
  });

  it("reads the recommendation's numbers and its performance risk, and its charts have a table view", async () => {
    await page.goto(new URL("service?cluster=prod&service=web", server.url).href);
    const numbers = await page.locator(".recommendation-numbers").innerText();
    expect(numbers.replace(/\s+/g, " ")).toContain(
      "current 1024 CPU units / 4096 MiB recommended 256 CPU units / 2048 MiB risk (datapoints above) CPU 5 % · memory 0 % now $85.06/month recommended $27.75/month change saves $57.31/month",
    );
    const cpu = page.locator("figure[id^=usage-cpu]");
    expect(await cpu.locator("text", { hasText: "recommended 256" }).isVisible()).toBe(true);
    await cpu.locator("summary").click();
    expect(await cpu.locator("table").innerText()).toMatch(/p95\s+205/);
  });

  it("follows a deployment: its failures with their stop class and the rollback", async () => {
    await page.goto(new URL("service?cluster=prod&service=web", server.url).href);
    await page.click('table[data-table=deployments] >> a:text-is("ecs-svc/2")');
    await page.waitForURL(/deployment\?/);
    expect(await page.locator("table[data-table=failures] tbody tr").allInnerTexts()).toEqual([
      expect.stringMatching(/crash1\s+crash\s+container app exited with code 1/),
      expect.stringMatching(/crash2\s+crash/),
      expect.stringMatching(/crash3\s+crash/),
    ]);
    expect(await page.locator("#rollback").innerText()).toContain("by guardrails:auto-rollback");
  });

  // The console's labels and glyphs, as drawn.
  it("draws no label over another: the overview, a chart with many deployments, the replay report", async () => {
    for (const url of [
      server.url,
      new URL("service?cluster=prod&service=busy", server.url).href,
      new URL("service?cluster=prod&service=web", server.url).href,
      `file://${spotReport}`,
    ]) {
      await page.goto(url);
      const labels = await labelBoxes(page);
      expect(labels.length).toBeGreaterThan(5);
      expect({ url, overlaps: overlaps(labels) }).toEqual({ url, overlaps: [] });
    }
    // The busy service's chart still names deployments (those that fit; the table view has all).
    await page.goto(new URL("service?cluster=prod&service=busy", server.url).href);
    const chart = page.locator("figure[id^=timeline] svg");
    expect(await chart.locator("text", { hasText: "completed" }).count()).toBeGreaterThan(5);
  });

  it("draws a Spot-only service's capacity deployments, each with its revision, as of the end of the events", async () => {
    await page.goto(`file://${spotReport}`);
    const starts = page.locator('figure[id^=timeline] svg path[ecmeta_series_index="0"][transform^=matrix]');
    // The imported deployment and the four capacity changes (two fallbacks, two returns).
    expect(await starts.count()).toBe(5);
    for (const box of await starts.evaluateAll((els) => els.map((e) => e.getBoundingClientRect())))
      expect(box.width).toBeGreaterThan(0);
    const rows = await page.locator("table[data-table=deployments] tbody tr").allInnerTexts();
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toContain("queue:7");
    expect(await page.locator("main").innerText()).toContain("as of 2026-11-20 12:00:00Z");
  });

  it("shows each chat preview's severity as a word that has a size, not an emoji without a glyph", async () => {
    await page.goto(new URL("service?cluster=prod&service=web", server.url).href);
    const marks = page.locator(".chat .title .sev");
    expect(await marks.count()).toBeGreaterThan(0);
    const first = await marks.first().boundingBox();
    expect(first!.width).toBeGreaterThan(10);
    expect(first!.height).toBeGreaterThan(5);
    expect(await marks.allInnerTexts()).toEqual(expect.arrayContaining(["critical"]));
    expect(await page.locator(".chat").allInnerTexts()).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/\p{Extended_Pictographic}/u)]),
    );
    for (const body of await page.locator(".chat .body").allInnerTexts()) expect(body.trim()).not.toBe("");
  });
});

describe.skipIf(!CHROMIUM)("npm start --no-demo", () => {
  it("prints the console's URL, serves it on 127.0.0.1 and refuses a POST; guardrails ui serves its table too", async () => {
    const home = mkdtempSync(join(tmpdir(), "guardrails-home-"));
    const p = startProcess("npm", ["start", "--no-demo"], /Serving \(Ctrl-C to stop\)/, {
      env: { GUARDRAILS_HOME: home },
      timeoutMs: 90_000,
    });
    try {
      const output = await p.started;
      const url = /Console \(read-only\)\s+(http:\/\/\S+)/.exec(output)![1]!;
      expect(new URL(url).hostname).toBe("127.0.0.1");
      const b = await chromium.launch({
        executablePath: CHROMIUM!,
        headless: true,
        args: ["--no-sandbox", "--disable-gpu"],
      });
      try {
        const tab = await b.newPage();
        await tab.goto(url);
        expect(await tab.locator("h1").innerText()).toBe("Services");
        expect(await tab.locator("main").innerText()).toContain("No service in the history yet.");
      } finally {
        await b.close();
      }
      expect((await fetch(url, { method: "POST", body: "{}" })).status).toBe(405);

      // `guardrails ui` serves the same console over the running npm start's table.
      const ui = startProcess(process.execPath, [BIN, "ui"], /Console \(read-only\) for table/, {
        env: { GUARDRAILS_HOME: home },
        timeoutMs: 30_000,
      });
      try {
        const uiUrl = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(await ui.started)![1]!;
        const res = await fetch(uiUrl);
        expect(res.status).toBe(200);
        expect(await res.text()).toContain("No service in the history yet.");
        expect((await fetch(uiUrl, { method: "DELETE" })).status).toBe(405);
      } finally {
        ui.interrupt();
        await ui.exited;
      }
    } finally {
      p.interrupt();
      await p.exited;
    }
  }, 150_000);
});
