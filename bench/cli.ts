// npm run bench -- --cli [--runs 15] [--vs DIR] [--json]
// How soon `guardrails` answers: the whole `guardrails --help` process, and a replay from its
// start until its first stderr line ("starting DynamoDB Local…"; the module-loads hook ends the
// process there, before DynamoDB Local starts), each beside the number of modules it loaded.
// --vs DIR runs the same in another checkout of the project (e.g. `git worktree add /tmp/before
// main`, with node_modules linked in) in turn with this one, A B A B …, and takes the ratio pair by
// pair: on a shared machine the load drifts during the run, and a pair sees the same load.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const HERE = resolve(fileURLToPath(new URL("..", import.meta.url)));
const HOOK = join(HERE, "test/support/module-loads.ts");
const SCENARIO = join(HERE, "test/fixtures/replay/crash-loop-scenario.json");
const BIN = "packages/cli/bin/guardrails.ts";
const USAGE = "usage: npm run bench -- --cli [--runs N (15)] [--vs DIR (another checkout)] [--json]";

const args = readArgs();
const runs = Number(args.runs);
const sides = [HERE, ...(args.vs ? [resolve(args.vs)] : [])];
const MEASURES = [
  { name: "guardrails --help (whole process)", args: ["--help"], env: {} },
  {
    name: "guardrails replay, until its first line",
    args: ["replay", SCENARIO],
    env: { GUARDRAILS_EXIT_AT_FIRST_STDERR: "1" },
  },
];

function readArgs() {
  try {
    const { values } = parseArgs({
      options: {
        cli: { type: "boolean" },
        runs: { type: "string", default: "15" },
        vs: { type: "string" },
        json: { type: "boolean", default: false },
      },
    });
    if (!/^\d+$/.test(values.runs) || Number(values.runs) < 1)
      fail(`--runs "${values.runs}" is not a whole number ≥ 1`);
    if (values.vs && !existsSync(join(values.vs, BIN))) fail(`--vs ${values.vs}: no ${BIN} there`);
    return values;
  } catch (error) {
    return fail((error as Error).message.split(". ")[0]!);
  }
}

function fail(message: string): never {
  process.stderr.write(`bench --cli: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** One process, wall milliseconds from its start to its exit; with a log, the modules it loaded. */
function once(root: string, measure: (typeof MEASURES)[number], log?: string): Promise<number> {
  return new Promise((done, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", HOOK, join(root, BIN), ...measure.args], {
      cwd: root,
      env: { ...process.env, ...measure.env, ...(log ? { GUARDRAILS_LOAD_LOG: log } : {}) },
      stdio: "ignore",
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? done(performance.now() - started) : reject(new Error(`${measure.name} in ${root}: exit ${code}`)),
    );
  });
}

/** Modules loaded before the first stderr line (all of them when there is none), from one logged run. */
async function modules(root: string, measure: (typeof MEASURES)[number], dir: string): Promise<number> {
  const log = join(dir, `${MEASURES.indexOf(measure)}-${sides.indexOf(root)}.log`);
  await once(root, measure, log);
  const lines = readFileSync(log, "utf8").split("\n").filter(Boolean);
  const cut = lines.indexOf("> first stderr");
  return cut === -1 ? lines.length : cut;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const dir = mkdtempSync(join(tmpdir(), "bench-cli-"));
const results = [];
try {
  for (const measure of MEASURES) {
    const walls = sides.map(() => [] as number[]);
    for (const side of sides) await once(side, measure); // warm-up: the file cache, not counted
    for (let i = 0; i < runs; i++) for (const [s, side] of sides.entries()) walls[s]!.push(await once(side, measure));
    const loaded = [];
    for (const side of sides) loaded.push(await modules(side, measure, dir));
    results.push({
      measure: measure.name,
      medianMs: walls.map((w) => Math.round(median(w))),
      ratio: walls[1] ? Number(median(walls[0]!.map((a, i) => a / walls[1]![i]!)).toFixed(3)) : undefined,
      modules: loaded,
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (args.json) console.log(JSON.stringify({ runs, sides, results }));
else {
  console.log(`${runs} runs each; A = ${sides[0]}${sides[1] ? `, B = ${sides[1]} (in turn, A B A B …)` : ""}`);
  for (const r of results) {
    const b = r.ratio === undefined ? "" : `   B ${r.medianMs[1]} ms   A/B ${r.ratio} (median of the pairs)`;
    console.log(`${r.measure}: A ${r.medianMs[0]} ms${b}   modules loaded ${r.modules.join(" / ")}`);
  }
}
