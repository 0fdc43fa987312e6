import { readdirSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { SDK_INPUT, sdkShare } from "../../../bench/bundle.ts";

// Issue 19: what only the reconcile runs (scheduled scaling's tick: its convergence and window
// maths) is not in the ingest's bundle, which every ECS event cold-starts.

const ROOT = path.resolve(import.meta.dirname, "../../..");

async function bundled(fn: string) {
  return build({
    entryPoints: [path.join(ROOT, "functions", `${fn}.ts`)],
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    minify: true,
    metafile: true,
    write: false,
    logLevel: "silent",
  });
}

async function bundledInputs(fn: string): Promise<string[]> {
  const result = await bundled(fn);
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  return Object.entries(inputs)
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input);
}

const TICK_ONLY = /capabilities\/scheduled-scaling\/(tick|converge|windows-of)\.ts$/;

describe("the ingest's bundle", () => {
  it("holds none of scheduled scaling's tick code, which only the reconcile runs", async () => {
    const inputs = await bundledInputs("ingest");

    expect(inputs.filter((i) => TICK_ONLY.test(i))).toEqual([]);
  });

  it("leaves the tick code to the reconcile, which runs it", async () => {
    const inputs = await bundledInputs("reconcile");

    expect(inputs.filter((i) => TICK_ONLY.test(i)).length).toBe(3);
  });
});

// What only some functions write or call stays out of the others' bundles: the events' history
// writes and the deployment resolver (the ingest's), the listing of services (the reconcile's),
// the metric counts (the pipeline's and the hook's, core/operations/metrics.ts).
const EVENT_WRITES = /aws\/src\/(history\/(history-writes|task-writes)|ecs\/deployment-resolver)\.ts$/;
const METRIC_COUNTS = /(operations\/metrics|lib\/metric-log)\.ts$/;

describe("each function's bundle holds only what it runs", () => {
  it("the right-sizing run's fans out across accounts without the reconcile's code (or its permissions)", async () => {
    const inputs = await bundledInputs("rightsizing");

    expect(inputs.filter((i) => /engine\/fan-out\.ts$/.test(i))).toHaveLength(1);
    expect(inputs.filter((i) => /engine\/(reconcile|accounts)\.ts$/.test(i))).toEqual([]);
  });

  it("the reconcile's holds none of the events' history writes, nor the deployment resolver", async () => {
    const inputs = await bundledInputs("reconcile");

    expect(inputs.filter((i) => EVENT_WRITES.test(i))).toEqual([]);
  });

  it("the ingest's holds the events' history writes and the deployment resolver, which it runs", async () => {
    const inputs = await bundledInputs("ingest");

    expect(inputs.filter((i) => EVENT_WRITES.test(i)).length).toBe(3);
  });

  // Method names survive minifying; a class's methods are kept whether called or not.
  it.each(["ingest", "deployment-hook", "pipeline"])(
    "%s's holds no listing of ECS's services, which only the reconcile and right-sizing make",
    async (fn) => {
      const text = (await bundled(fn)).outputFiles[0]!.text;

      expect(text).not.toContain("listServices(");
    },
  );

  it("the reconcile's holds the listing of ECS's services, which it makes", async () => {
    const text = (await bundled("reconcile")).outputFiles[0]!.text;

    expect(text).toContain("listServices(");
  });

  it.each(["ingest", "reconcile", "rightsizing"])(
    "%s's holds none of the metric counts, which only the pipeline and the hook write",
    async (fn) => {
      const inputs = await bundledInputs(fn);

      expect(inputs.filter((i) => METRIC_COUNTS.test(i))).toEqual([]);
    },
  );

  it.each(["pipeline", "deployment-hook"])("%s's holds the metric counts, which it writes", async (fn) => {
    const inputs = await bundledInputs(fn);

    expect(inputs.filter((i) => METRIC_COUNTS.test(i)).length).toBe(2);
  });
});

// No zod at run time in the ingest (issue 19): its events and its tags are checked by hand
// (events/event-shapes.ts, config/tag-rules.ts), its configuration is the deploy step's
// validated file, and the settings' schemas stay out (registry.ts POLICY_SETTINGS).
describe("the ingest's bundle, on every event's path", () => {
  it("holds no zod, nor any of the schemas built with it", async () => {
    const inputs = await bundledInputs("ingest");

    expect(
      inputs.filter((i) =>
        /node_modules\/zod\/|core\/src\/zod\.ts$|capabilities\/[^/]+\/settings\.ts$|config\/(schema|policy-settings)\.ts$/.test(
          i,
        ),
      ),
    ).toEqual([]);
  });
});

// The packaged configuration is the deploy step's validated output (packages/infra options.ts):
// the functions check its stamp instead of parsing it again, so the config schema's parse and
// its rules across keys stay out of every function's bundle (issue 19, the ready time).
const CONFIG_PARSE = /core\/src\/config\/(parse|checks|load)\.ts$/;

describe("no function parses the packaged configuration again", () => {
  it.each(["ingest", "reconcile", "pipeline", "deployment-hook", "rightsizing"])(
    "%s's bundle holds none of the config schema's parse, which the deploy step ran",
    async (fn) => {
      const inputs = await bundledInputs(fn);

      expect(inputs.filter((i) => CONFIG_PARSE.test(i))).toEqual([]);
    },
  );
});

// Issue 19's byte targets: each function's minified bytes over the AWS SDK bytes inside it
// (bench/bundle.ts sdkShare, the bench's own measure). Bytes are deterministic, so the targets
// are kept here; the ready-CPU target stays a benchmark (npm run bench -- --cold).
const FUNCTIONS = readdirSync(path.join(ROOT, "functions"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3));
// Issue 19's targets are 1.22 for the ingest and 1.30 for every function. Issue 20's features
// on the event path put the ingest at 1.259; with no zod at run time in it (the packaged
// configuration read as validated, events and tags checked by hand: docs/design/benchmarks.md)
// it is at 1.203, and held to the target again, like every function to 1.30.
const TARGET = { ingest: 1.22, any: 1.3 };
const CEILING: Record<string, number> = {};

// The packages each function carries beside the SDK: croner where schedules are read, zod where
// something still parses with it (a job's parameters, a hook's invocation, the chat's commands);
// the ingest and right-sizing check what they read by hand, and carry neither.
const PACKAGES: Record<string, string[]> = {
  ingest: [],
  rightsizing: [],
  pipeline: ["croner", "zod"],
  reconcile: ["croner", "zod"],
};

describe("each function's bundle", () => {
  it.each(FUNCTIONS)(
    "%s carries at most 1.30× the AWS SDK bytes inside it (the ingest, on every event's path, 1.22×), or no more than its ratchet",
    async (fn) => {
      const { ratio } = await sdkShare(path.join(ROOT, "functions", `${fn}.ts`));

      expect(ratio).toBeLessThanOrEqual(CEILING[fn] ?? (fn === "ingest" ? TARGET.ingest : TARGET.any));
    },
  );

  it.each(FUNCTIONS)(
    "%s: every input the ratio counts as not the SDK's is the project's code or a package the project depends on",
    async (fn) => {
      const inputs = await bundledInputs(fn);

      const counted = new Set(
        inputs
          .filter((i) => !SDK_INPUT.test(i))
          .map((i) => i.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1] ?? i.split("/").slice(0, 2).join("/")),
      );
      const ours = [...counted].filter((p) => /^(packages\/(core|aws)|functions\/)/.test(p));
      expect([...counted].filter((p) => !ours.includes(p)).sort()).toEqual(PACKAGES[fn] ?? ["zod"]);
    },
  );

  it("finds the functions, the ingest among them", () => {
    expect(FUNCTIONS).toEqual(expect.arrayContaining(["ingest", "reconcile", "pipeline"]));
  });
});
