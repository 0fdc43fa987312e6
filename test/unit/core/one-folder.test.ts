import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProcessDeps, ProcessResult } from "../../../packages/core/src/engine/process-event.ts";
import type { GuardrailsConfig } from "../../../packages/core/src/config/schema.ts";
import type { ServiceChange } from "../../../packages/core/src/engine/gateways.ts";
import { RecordingNotifier } from "../../kit/recording-notifier.ts";
import { loadFixture } from "../../support/fixtures.ts";
import { scriptedStore } from "../../support/scripted-store.ts";
import { serviceDescription } from "../../support/snapshots.ts";

// "Adding a capability is its folder plus its entries in the registry" (its definition, and its
// settings' schemas, which stay out of the functions' bundles: issue 19), shown: packages/core/src
// is copied aside, the hypothetical capability test/fixtures/capabilities/min-tasks (its own
// settings, tag, policy and action type with its executor) goes into the copy's capabilities/,
// the registry gets its entry, and the copy's engine runs it — config, tags, decide, guards,
// the executor, the record — with every kernel file as it is.

const ROOT = path.resolve(import.meta.dirname, "../../..");
const CORE = path.join(ROOT, "packages/core/src");
const FIXTURE = path.join(ROOT, "test/fixtures/capabilities/min-tasks");
const REGISTRY_IMPORT = 'import { minTasksDefinition } from "./capabilities/min-tasks/index.ts";';
const REGISTRY_ENTRY = '  "min-tasks": minTasksDefinition,';
const SETTINGS_IMPORT = 'import { minTasksSettings } from "./capabilities/min-tasks/settings.ts";';
const SETTINGS_ENTRY = '  "min-tasks": minTasksSettings,';

let scratch: string;
let src: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "one-folder-"));
  src = path.join(scratch, "src");
  cpSync(CORE, src, { recursive: true });
  // The copy resolves its packages (zod, croner) where the repository does.
  symlinkSync(path.join(ROOT, "node_modules"), path.join(scratch, "node_modules"), "dir");
  const folder = path.join(src, "capabilities/min-tasks");
  cpSync(FIXTURE, folder, { recursive: true, filter: (f) => !f.endsWith(".md") });
  for (const file of readdirSync(folder)) {
    const at = path.join(folder, file);
    writeFileSync(at, readFileSync(at, "utf8").replaceAll("../../../../packages/core/src/", "../../"));
  }
  // The registry's lines (and their imports).
  const registry = path.join(src, "registry.ts");
  const text = readFileSync(registry, "utf8")
    .replace("export const POLICIES = registry({\n", `export const POLICIES = registry({\n${REGISTRY_ENTRY}\n`)
    .replace("export const POLICY_SETTINGS = {\n", `export const POLICY_SETTINGS = {\n${SETTINGS_ENTRY}\n`);
  writeFileSync(registry, `${REGISTRY_IMPORT}\n${SETTINGS_IMPORT}\n${text}`);
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function sources(dir: string, base = dir): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, e.name);
    if (e.isDirectory()) for (const [k, v] of sources(at, base)) out.set(k, v);
    else out.set(path.relative(base, at), readFileSync(at, "utf8"));
  }
  return out;
}

/** The copy's engine, with the scripted store and an ECS whose service runs `desiredCount` tasks. */
async function copiedEngine(config: unknown, service: { desiredCount: number; tags?: Record<string, string> }) {
  const { processEvent } = (await import(path.join(src, "engine/process-event.ts"))) as {
    processEvent: (raw: unknown, deps: ProcessDeps) => Promise<ProcessResult>;
  };
  const { parseConfig } = (await import(path.join(src, "config/load.ts"))) as {
    parseConfig: (raw: unknown) => GuardrailsConfig;
  };
  const ref = { cluster: "default", service: "servicetest" };
  const updates: ServiceChange[] = [];
  const store = scriptedStore();
  const notifier = new RecordingNotifier();
  const deps = {
    config: parseConfig(config),
    store: store.store,
    history: {
      recordServiceAction: async () => ({ status: "recorded" }),
      timeline: async () => ({ items: [], cursor: undefined }),
    },
    deployments: { taskDefinitionOf: async () => undefined },
    ecs: {
      describeService: async () => serviceDescription({ ...ref, ...service }),
      updateService: async (_ref: unknown, change: ServiceChange) => (
        updates.push(change), { deploymentId: undefined }
      ),
      listServices: async () => [],
    },
    notifier,
    clock: { now: () => new Date("2026-11-20T10:00:00Z") },
  } as unknown as ProcessDeps;
  const run = () => processEvent(loadFixture("ecs-service-action-steady-state"), deps);
  return { run, updates, store, notifier };
}

describe("a new capability: its folder and one registry line", () => {
  it("touches no kernel file: the copy differs from packages/core/src by the folder and the registry's entry", () => {
    const before = sources(CORE);
    const after = sources(src);
    const added = [...after.keys()].filter((f) => !before.has(f)).sort();
    const changed = [...before.keys()].filter((f) => after.get(f) !== before.get(f));

    expect(added).toEqual([
      "capabilities/min-tasks/actions.ts",
      "capabilities/min-tasks/decide.ts",
      "capabilities/min-tasks/index.ts",
      "capabilities/min-tasks/settings.ts",
      "capabilities/min-tasks/tags.ts",
    ]);
    expect(changed).toEqual(["registry.ts"]);
    const lines = (f: string) => new Set(f.split("\n"));
    const registryBefore = lines(before.get("registry.ts")!);
    expect([...lines(after.get("registry.ts")!)].filter((l) => !registryBefore.has(l))).toEqual([
      REGISTRY_IMPORT,
      SETTINGS_IMPORT,
      REGISTRY_ENTRY,
      SETTINGS_ENTRY,
    ]);
  });

  it("runs through the engine: its settings in the configuration, its decision guarded, its action by its executor, recorded", async () => {
    const engine = await copiedEngine(
      { policies: { "min-tasks": { mode: "enforce", minimum: 3 } } },
      { desiredCount: 1 },
    );

    const { results } = await engine.run();

    expect(engine.updates).toEqual([{ desiredCount: 3 }]);
    expect(engine.store.ops()).toEqual(["claim", "complete", "delivered"]);
    expect(engine.store.calls.find((c) => c.op === "complete")?.record).toMatchObject({
      policy: "min-tasks",
      key: "min-tasks#raise#default/servicetest#1",
      verdict: "acted",
      action: { type: "raise-desired-count", desiredCount: 3, previous: 1 },
      counted: true,
    });
    expect(results).toHaveLength(1);
    expect(engine.notifier.published.map((n) => n.title)).toEqual(["Raise default/servicetest to 3 tasks"]);
  });

  it("takes its tag on the service and its mode like any capability: observe changes nothing", async () => {
    const engine = await copiedEngine(
      { policies: { "min-tasks": { mode: "observe" } } },
      { desiredCount: 3, tags: { "guardrails:min-tasks:minimum": "5" } },
    );

    await engine.run();

    expect(engine.updates).toEqual([]);
    expect(engine.store.calls.find((c) => c.op === "complete")?.record).toMatchObject({
      verdict: "observed",
      action: { type: "raise-desired-count", desiredCount: 5, previous: 3 },
    });
  });

  it("refuses an unknown setting of it, as the configuration does any capability's", async () => {
    await expect(copiedEngine({ policies: { "min-tasks": { maximum: 3 } } }, { desiredCount: 1 })).rejects.toThrow(
      /policies\.min-tasks/,
    );
  });
});
