import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type BuildRecord, startRpcServer } from "./sst-mocks-rpc.ts";
import { type CliApp, importPlatform, importPlatformPulumi, installCliGlobals } from "./sst-mocks-globals.ts";
import { createRecordingMocks, MOCK_ACCOUNT, type RecordedResource } from "./sst-mocks.ts";

// Evaluates the SST app offline: Pulumi mocks instead of AWS, a local RPC server instead of
// the CLI, and the CLI's globals set by hand. What it returns is every resource the app
// registered, with the inputs it gave them, for assertions.

export type { BuildRecord } from "./sst-mocks-rpc.ts";
export type { RecordedResource } from "./sst-mocks.ts";
export { MOCK_ACCOUNT, MOCK_REGION } from "./sst-mocks.ts";

export type EvaluateOptions = {
  readonly stage?: string;
  /** Environment variables visible to app() and run(), restored afterwards. */
  readonly env?: Readonly<Record<string, string>>;
  /** The config to evaluate; the repository's sst.config.ts by default. */
  readonly configPath?: string;
  /**
   * The CLI's work folder. Given, it is kept afterwards, with the function packages SST built
   * in it (`artifacts/<function>/code.zip`); absent, a temporary folder removed at the end.
   */
  readonly workDir?: string;
};

export type EvaluatedApp = {
  readonly app: CliApp;
  readonly resources: readonly RecordedResource[];
  readonly builds: readonly BuildRecord[];
  readonly outputs: Record<string, unknown>;
};

type SstConfig = {
  app(input: { stage: string }): Partial<CliApp> | Promise<Partial<CliApp>>;
  run(): Promise<Record<string, unknown> | void>;
};

const ROOT = path.resolve(import.meta.dirname, "../..");
const PLATFORM = path.join(ROOT, ".sst/platform");

let evaluated = false;

/**
 * Runs `app()` and `run()` of an SST config under mocks. Call it once per test file (in
 * `beforeAll`): SST keeps lazy singletons per process (e.g. Function's encryption key), so a
 * second evaluation in the same module graph would not record them again.
 */
export async function evaluateApp(options: EvaluateOptions = {}): Promise<EvaluatedApp> {
  if (evaluated) throw new Error("evaluateApp: evaluate once per test file (SST keeps per-process state)");
  evaluated = true;

  const stage = options.stage ?? "test";
  const work = options.workDir ?? (await mkdtemp(path.join(tmpdir(), "sst-harness-")));
  const rpc = await startRpcServer({ root: ROOT, work, account: MOCK_ACCOUNT });
  const restoreEnv = setEnv({ ...options.env, SST_SERVER: rpc.url, SST_STAGE: stage });
  const failures = watchForFailures();
  try {
    const pulumi = await importPlatformPulumi(PLATFORM);
    const recorder = createRecordingMocks();
    const paths = { root: ROOT, work, platform: PLATFORM, home: work };
    // Globals first: sst.config.ts calls $config when imported. $app is completed below.
    await installCliGlobals({ pulumi, platform: PLATFORM, app: placeholderApp(stage), paths, rpcUrl: rpc.url });

    const configUrl = pathToFileURL(options.configPath ?? path.join(ROOT, "sst.config.ts")).href;
    const config = ((await import(configUrl)) as { default: SstConfig }).default;
    const app = resolveApp(await config.app({ stage }), stage);
    (globalThis as Record<string, unknown>).$app = app;

    await pulumi.runtime.setMocks(recorder.mocks, app.name, stage, false);
    const { run } = await importPlatform<{ run(program: () => Promise<unknown>): Promise<Record<string, unknown>> }>(
      PLATFORM,
      "src/auto/run.ts",
    );
    // A failure inside an output never settles the stack: race it instead of waiting forever.
    const outputs = await Promise.race([
      failures.first,
      (async () => {
        const outputs = (await pulumi.runtime.runInPulumiStack(() => run(() => config.run()))) ?? {};
        await settle(pulumi, recorder.resources);
        return outputs;
      })(),
    ]);
    failures.stop();
    return { app, resources: recorder.resources, builds: rpc.builds, outputs };
  } finally {
    restoreEnv();
    await rpc.close();
    if (!options.workDir) await rm(work, { recursive: true, force: true });
  }
}

function placeholderApp(stage: string): CliApp {
  return { name: "app", stage, removal: "remove", protect: false, providers: {} };
}

/** Fills in the defaults the CLI applies to what app() returns. */
function resolveApp(app: Partial<CliApp>, stage: string): CliApp {
  if (!app.name) throw new Error("app() must return a name");
  return {
    name: app.name,
    stage,
    removal: app.removal ?? "retain",
    protect: app.protect ?? false,
    providers: app.providers ?? {},
  };
}

/**
 * Resources created inside `apply` callbacks register after run() returns: wait until the RPC
 * queue is drained and no new resource has appeared for a few turns of the event loop.
 */
async function settle(pulumi: Awaited<ReturnType<typeof importPlatformPulumi>>, resources: readonly unknown[]) {
  let seen = -1;
  let quietTurns = 0;
  while (quietTurns < 5) {
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    await new Promise((resolve) => setTimeout(resolve, 20));
    quietTurns = resources.length === seen ? quietTurns + 1 : 0;
    seen = resources.length;
  }
}

/**
 * Errors thrown inside outputs (a failed bundle, a bad ARN) surface only as unhandled
 * rejections. The first one fails the evaluation; after a failure the listener stays, because
 * the abandoned stack keeps rejecting and the test has already been told why.
 */
function watchForFailures() {
  let fail: (error: Error) => void = () => {};
  const first = new Promise<never>((_, reject) => (fail = reject));
  // Handled here so an early failure is not itself reported as unhandled; the race still sees it.
  first.catch(() => {});
  const listener = (reason: unknown) => {
    const message = reason instanceof Error ? reason.message : String(reason);
    fail(new Error(`The app failed to evaluate: ${message}`, { cause: reason }));
  };
  process.on("unhandledRejection", listener);
  return { first, stop: () => process.off("unhandledRejection", listener) };
}

function setEnv(values: Readonly<Record<string, string>>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** The one resource registered under a logical name; fails loudly when absent or ambiguous. */
export function resourceNamed(app: EvaluatedApp, name: string): RecordedResource {
  const found = app.resources.filter((resource) => resource.name === name);
  if (found.length !== 1) {
    const names = app.resources.map((resource) => resource.name).join(", ");
    throw new Error(`Expected one resource named "${name}", found ${found.length}. Registered: ${names}`);
  }
  return found[0]!;
}

export function resourcesOfType(app: EvaluatedApp, type: string): RecordedResource[] {
  return app.resources.filter((resource) => resource.type === type);
}

/** What AWS would report for a resource (mocked): its name, ARN, URL, ... */
export function stateOf(app: EvaluatedApp, name: string): Record<string, unknown> {
  return resourceNamed(app, name).state;
}
