import { describe, expect, it } from "vitest";
import { importServiceHistory, importKey } from "../../../../packages/core/src/engine/import-history.ts";
import { IMPORT_CAP, IMPORT_MAX_PAGES, importCalls } from "../../../../packages/core/src/history/ecs-history.ts";
import { RecordingNotifier } from "../../../kit/recording-notifier.ts";
import {
  deployment,
  deploymentArn,
  fakeEcsHistory,
  memoryImportStores,
  namedError,
  revision,
  revisionArn,
  td,
  type FakeHistoryCall,
} from "../../../support/ecs-history.ts";
import { ecsDeployment, serviceDescription } from "../../../support/snapshots.ts";

const svc = { cluster: "prod", service: "web" };
const NOW = new Date("2026-12-01T12:00:00.000Z");
const clock = { now: () => NOW };

/** `n` successful releases, a day apart, ending yesterday; each on its own revision and task definition. */
function releases(n: number) {
  const deployments = [];
  const revisions = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(NOW.getTime() - (n - i) * 86_400_000).toISOString();
    const id = String(2000000000000000000n + BigInt(i));
    revisions.push(revision(revisionArn("prod", "web", id), td("web", 100 + i), at));
    deployments.push(
      deployment(deploymentArn("prod", "web", `SD${i}`), revisionArn("prod", "web", id), "SUCCESSFUL", at),
    );
  }
  return { deployments, revisions };
}

describe("importing a service's deployment history from ECS", () => {
  it("costs one list page, one describe of deployments and one of revisions for a service with up to 20 deployments", async () => {
    const { deployments, revisions } = releases(12);
    const ecs = fakeEcsHistory(deployments, revisions);
    const stores = memoryImportStores();
    const outcome = await importServiceHistory(svc, { ecsHistory: ecs.port, clock, ...stores });
    expect(ecs.calls.map((c) => c.call)).toEqual(["list", "describeDeployments", "describeRevisions"]);
    expect(outcome).toMatchObject({
      status: "recorded",
      summary: { status: "imported", deployments: 12, calls: 3, capped: false },
    });
    expect(stores.imports[0]?.imported.knownGood?.config.taskDefinition).toBe(td("web", 111));
    expect(stores.timeline.map((e) => e.summary)).toEqual([expect.stringContaining("imported 12 deployment(s)")]);
  });

  it("reads a long history in pages and 20-ARN batches, up to its cap, and says it was capped", async () => {
    const { deployments, revisions } = releases(85);
    const ecs = fakeEcsHistory(deployments, revisions, { pageSize: 30 });
    const stores = memoryImportStores();
    const outcome = await importServiceHistory(svc, { ecsHistory: ecs.port, clock, ...stores });
    const pages = ecs.calls.filter((c) => c.call === "list").length;
    expect(pages).toBe(3);
    expect(ecs.calls.every((c) => c.size <= 20)).toBe(true);
    expect(ecs.calls.length).toBe(importCalls(pages, IMPORT_CAP, IMPORT_CAP));
    expect(outcome).toMatchObject({ summary: { deployments: IMPORT_CAP, capped: true, calls: ecs.calls.length } });
    // The newest were kept, though ECS listed the oldest first.
    expect(stores.imports[0]?.imported.knownGood?.config.taskDefinition).toBe(td("web", 184));
  });

  it("never reads more than its page cap, however long the history", async () => {
    const { deployments, revisions } = releases(89);
    const ecs = fakeEcsHistory(deployments, revisions, { pageSize: 20 });
    await importServiceHistory(svc, { ecsHistory: ecs.port, clock, ...memoryImportStores() });
    expect(ecs.calls.filter((c) => c.call === "list").length).toBe(IMPORT_MAX_PAGES);
  });

  it("runs once per service: a second sight reads nothing from ECS", async () => {
    const { deployments, revisions } = releases(3);
    const ecs = fakeEcsHistory(deployments, revisions);
    const stores = memoryImportStores();
    await importServiceHistory(svc, { ecsHistory: ecs.port, clock, ...stores });
    const again = await importServiceHistory(svc, { ecsHistory: ecs.port, clock, ...stores });
    expect(again).toEqual({ status: "imported-before" });
    expect(ecs.calls.length).toBe(3);
    expect(stores.imports.length).toBe(1);
  });

  it("degrades to today's behaviour with one notice when the calls are denied, and never asks again", async () => {
    const ecs = fakeEcsHistory([], [], { fail: () => namedError("AccessDeniedException", "not authorized") });
    const stores = memoryImportStores();
    const notifier = new RecordingNotifier();
    const first = await importServiceHistory(svc, { ecsHistory: ecs.port, clock, notifier, ...stores });
    await importServiceHistory(svc, { ecsHistory: ecs.port, clock, notifier, ...stores });
    expect(first).toMatchObject({
      summary: { status: "unavailable", reason: expect.stringContaining("AccessDenied") },
    });
    expect(notifier.published.map((n) => n.title)).toEqual(["No deployment history imported for prod/web"]);
    expect(ecs.calls.length).toBe(1);
    expect(stores.outbox.size).toBe(0);
  });

  it("says once that a service older than ECS's history has nothing to import", async () => {
    const ecs = fakeEcsHistory([], []);
    const stores = memoryImportStores();
    const outcome = await importServiceHistory(svc, { ecsHistory: ecs.port, clock, ...stores });
    expect(outcome).toMatchObject({ summary: { status: "no-history", reason: expect.stringContaining("2024-10-25") } });
    expect([...stores.outbox.values()].map((o) => o.notice.eventType)).toEqual(["guardrails.import.no-history"]);
  });

  it("tells nobody about a new service whose first deployment is still rolling out: it has a history, nothing finished yet", async () => {
    const ecs = fakeEcsHistory(
      [
        deployment(
          deploymentArn("prod", "web", "SD0"),
          revisionArn("prod", "web", "1"),
          "IN_PROGRESS",
          "2026-12-01T11:50:00.000Z",
        ),
      ],
      [revision(revisionArn("prod", "web", "1"), td("web", 1), "2026-12-01T11:50:00.000Z")],
    );
    const stores = memoryImportStores();
    const outcome = await importServiceHistory(svc, { ecsHistory: ecs.port, clock, ...stores });
    expect(outcome).toMatchObject({ summary: { status: "imported", deployments: 0 } });
    expect(stores.outbox.size).toBe(0);
  });

  it("leaves a throttled import open, and the next sight imports", async () => {
    let throttled = true;
    const { deployments, revisions } = releases(2);
    const ecs = fakeEcsHistory(deployments, revisions, {
      fail: () => (throttled ? namedError("ThrottlingException", "Rate exceeded") : undefined),
    });
    const stores = memoryImportStores();
    await expect(importServiceHistory(svc, { ecsHistory: ecs.port, clock, ...stores })).rejects.toThrow(
      "Rate exceeded",
    );
    expect(stores.claims.get(importKey(svc))?.done).toBe(false);
    throttled = false;
    expect(await importServiceHistory(svc, { ecsHistory: ecs.port, clock, ...stores })).toMatchObject({
      summary: { status: "imported", deployments: 2 },
    });
  });
});

/** Every port call the import makes, in order: a crash at each one, then the next sight. */
const STEPS = [
  "claimOnce",
  "list",
  "describeDeployments",
  "describeRevisions",
  "saveIntent",
  "recordOnce",
  "recordImported",
  "markDone",
] as const;

/** The service as the engine described it at first sight: kept, as its seed, with the import. */
const described = serviceDescription({ deployments: [ecsDeployment("ecs-svc/9", { status: "PRIMARY" })] });

describe("the service as first seen, kept with the import", () => {
  it("is recorded once, with the import, from the description of the first sight", async () => {
    const { deployments, revisions } = releases(2);
    const ecs = fakeEcsHistory(deployments, revisions);
    const stores = memoryImportStores();
    const run = () => importServiceHistory(svc, { ecsHistory: ecs.port, clock, ...stores }, [], described);

    await run();
    await run();

    expect(stores.imports.map((i) => i.described?.deployments.map((d) => d.id))).toEqual([["ecs-svc/9"]]);
    expect(stores.imports[0]?.described).toMatchObject({ cluster: "prod", service: "web", desiredCount: 4 });
  });
});

describe("an import that crashes at any port call", () => {
  for (const step of STEPS) {
    it(`repeats nothing harmful and loses nothing when it dies at ${step}`, async () => {
      const { deployments, revisions } = releases(4);
      let crash: string | undefined = step;
      const die = (at: string) => {
        if (crash === at) {
          crash = undefined;
          throw new Error(`crash at ${at}`);
        }
      };
      const ecs = fakeEcsHistory(deployments, revisions, {
        fail: (call: FakeHistoryCall) => (die(call), undefined),
      });
      const stores = memoryImportStores(die);
      // Each sight describes the service anew: the seed kept is the first one's (the claim's intent).
      const sight = (desiredCount: number) =>
        importServiceHistory(svc, { ecsHistory: ecs.port, clock, ...stores }, [], { ...described, desiredCount });
      await expect(sight(4)).rejects.toThrow(`crash at ${step}`);
      const readsBefore = ecs.calls.length;
      await sight(5);
      await sight(6);

      // Lost nothing: recorded, marked done, its timeline entry once.
      expect(stores.claims.get(importKey(svc))?.done).toBe(true);
      expect(stores.imports.at(-1)?.summary).toMatchObject({ status: "imported", deployments: 4 });
      expect(stores.timeline.length).toBe(1);
      // Repeated nothing harmful: every recorded import is the same one (the writes are
      // conditional), and once the summary was saved on the claim ECS is not read again.
      expect(new Set(stores.imports.map((i) => JSON.stringify(i))).size).toBe(1);
      expect(stores.imports.at(-1)?.described?.desiredCount).toBe(
        STEPS.indexOf(step) > STEPS.indexOf("saveIntent") ? 4 : 5,
      );
      const saved = STEPS.indexOf(step) > STEPS.indexOf("saveIntent");
      if (saved) expect(ecs.calls.length).toBe(readsBefore);
      else expect(ecs.calls.length).toBeLessThanOrEqual(readsBefore + 3);
    });
  }
});
