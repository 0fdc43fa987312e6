import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../packages/core/src/config/load.ts";
import { startConsoleServer, type ConsoleServer } from "../../packages/console/src/server.ts";
import { defaultSources } from "../../packages/console/src/sources.ts";
import { DynamoConsoleStore } from "../../packages/console/src/store.ts";
import { fixture, movedToNow, replayed, shared } from "../support/replay.ts";
import { localDynamoClient } from "../../packages/sim/src/dynamodb/embedded.ts";

// The service page's observe section in a real browser: a Spot service replayed in observe
// mode two days ago (a fallback, Spot back by itself, a relapse enforce's rate limit would block),
// read the way a team reads it before it sets the tag to enforce.

const CHROMIUM =
  process.env["GUARDRAILS_CHROMIUM"] ?? ["/usr/lib/chromium/chromium", "/usr/bin/chromium"].find((p) => existsSync(p));
if (!CHROMIUM && process.env["GUARDRAILS_REQUIRE_CHROMIUM"])
  throw new Error("chromium is required for test/e2e/console-observe-browser.test.ts: apt-get install -y chromium");

const config = { guards: { maxActionsPerService: 2 }, policies: { "spot-fallback": { mode: "observe" as const } } };
let browser: Browser;
let server: ConsoleServer;
let page: Page;

describe.skipIf(!CHROMIUM)("the service page's observe section in a browser", () => {
  beforeAll(async () => {
    const dynamo = shared();
    const input = movedToNow(fixture("spot-rate-limited-scenario.json"), 2 * 86_400_000);
    await replayed({ ...input, config }, { sharedDynamo: dynamo });
    const parsed = parseConfig(config);
    server = await startConsoleServer({
      store: new DynamoConsoleStore(localDynamoClient(dynamo.endpoint), dynamo.tableName),
      config: parsed,
      now: () => new Date(),
      sources: defaultSources(parsed, {}),
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM!,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
    page = await browser.newPage({ viewport: { width: 1240, height: 900 } });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows what observe would have done, what happened next, a verdict, and where observe cannot know", async () => {
    await page.goto(new URL("service?cluster=prod&service=batch", server.url).href);

    expect(await page.locator(".observe-summary").innerText()).toBe(
      "In the last 14 days, 3 action(s) observe would have taken: 1 agreed, 0 observe would have been wrong, 2 unknown.",
    );
    const rows = page.locator("table[data-table=observe] tbody tr");
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).innerText()).toMatch(
      /spot-fallback\s+Move prod\/batch from Fargate Spot to .*\s+the Spot shortage cleared by itself: observe would have returned to Spot 34 minutes later.*\s+agreed/s,
    );
    expect(await rows.nth(1).locator(".caveat").innerText()).toMatch(/^observe cannot know: /);
    expect(await rows.nth(2).innerText()).toContain("(enforce's guard would have blocked it)");
    expect(await rows.nth(2).locator(".caveat").innerText()).toMatch(
      /^enforce would be blocked here: rate limit: 2 automatic actions on this service in the last 60 minutes \(max 2\)/,
    );
  });
});
