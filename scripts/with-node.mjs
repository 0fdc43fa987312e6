#!/usr/bin/env node
// node scripts/with-node.mjs [--sst] <command> [args…]   (or --notice: npm install's one line)
//
// What `npm start` and `npm test` run first, so a fresh clone needs nothing else: when this
// Node is outside the range package.json's `engines` names (the dependencies' own minimum), it
// installs node@24 from the npm registry into .tools/ (the `node` package ships real Node
// binaries) and runs the command with it; with --sst it installs the SST platform offline
// when .sst/platform is missing (the typecheck needs its types). Then it runs the command,
// passing on its exit code. Plain JavaScript on purpose: an old Node cannot strip types.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const TOOLS = join(ROOT, ".tools");
const TOOLS_BIN = join(TOOLS, "node_modules", ".bin");
const PROVISIONED = "24";

/** True when `version` (e.g. "22.22.2") satisfies `range` ("^22.22.2 || ^24.0.0 || >=26.0.0"). */
export function satisfies(version, range) {
  const v = parse(version);
  return range.split("||").some((part) => {
    const m = /^\s*(\^|>=)\s*(\d+(?:\.\d+){0,2})\s*$/.exec(part);
    if (!m) throw new Error(`engines range "${part.trim()}" is not of the form ^x.y.z or >=x.y.z`);
    const min = parse(m[2]);
    return compare(v, min) >= 0 && (m[1] === ">=" || v[0] === min[0]);
  });
}

function parse(version) {
  const parts = version.replace(/^v/, "").split(".").map(Number);
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function requiredRange(root = ROOT) {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")).engines.node;
}

function versionOf(node) {
  const out = spawnSync(node, ["--version"], { encoding: "utf8" });
  return out.status === 0 ? out.stdout.trim() : undefined;
}

/** The PATH under which `node` is a supported one; says in one line what it did. */
function supportedNodePath(env) {
  const range = requiredRange();
  if (satisfies(process.versions.node, range)) return env.PATH;
  const local = join(TOOLS_BIN, "node");
  const localVersion = existsSync(local) ? versionOf(local) : undefined;
  if (localVersion && satisfies(localVersion, range)) {
    console.error(`with-node: Node ${process.version} is outside ${range}; using ${localVersion} from .tools/.`);
  } else {
    console.error(
      `with-node: Node ${process.version} is outside ${range}; installing node@${PROVISIONED} from the npm registry into .tools/ (once)…`,
    );
    const npm = env.npm_execpath ? [process.execPath, env.npm_execpath] : ["npm"];
    const out = spawnSync(
      npm[0],
      [
        ...npm.slice(1),
        "install",
        "--no-save",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        "--prefix",
        TOOLS,
        `node@${PROVISIONED}`,
      ],
      { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env },
    );
    const installed = out.status === 0 && existsSync(local) ? versionOf(local) : undefined;
    if (!installed || !satisfies(installed, range)) {
      console.error(
        `with-node: could not install node@${PROVISIONED}; this project needs Node ${range} (https://nodejs.org, or \`nvm install ${PROVISIONED}\`).`,
      );
      process.exit(1);
    }
  }
  return `${TOOLS_BIN}${delimiter}${env.PATH ?? ""}`;
}

/** The typecheck reads `sst.*` types from .sst/platform; `sst install` fetches it from the npm registry, no AWS needed. */
function ensureSstPlatform(env) {
  if (existsSync(join(ROOT, ".sst", "platform", "src"))) return;
  console.error(
    "with-node: the SST platform (.sst/platform) is missing; installing it offline (once, about a minute)…",
  );
  const sst = join(ROOT, "node_modules", ".bin", "sst");
  const out = spawnSync(sst, ["install"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...env,
      SST_SKIP_DEPENDENCY_CHECK: "1",
      SST_NO_BUN: "1",
      SST_TELEMETRY_DISABLED: "1",
      SST_STAGE: env.SST_STAGE ?? "local",
    },
  });
  if (out.status !== 0) {
    console.error("with-node: `sst install` failed (see above); the typecheck needs .sst/platform.");
    process.exit(1);
  }
}

/**
 * `npm install`'s preinstall (`--notice`): on a Node outside the range, the one line that says
 * what happens next, instead of npm's engine warning per dependency (.npmrc keeps npm's log to
 * errors; `--loglevel=warn` shows the warnings again). Nothing on a supported Node.
 */
export function noticeLine(version, range) {
  if (satisfies(version, range)) return undefined;
  return `Node ${version.replace(/^v?/, "v")} found (this project needs ${range}): npm start, npm test and npm run bench run on Node ${PROVISIONED} from the npm registry's \`node\` package, installed into .tools/ once; npm's engine warnings are hidden (npm install --loglevel=warn shows them).`;
}

function main(argv) {
  if (argv[0] === "--notice") {
    const line = noticeLine(process.version, requiredRange());
    if (line) console.error(line);
    return;
  }
  const sst = argv[0] === "--sst";
  const [command, ...args] = sst ? argv.slice(1) : argv;
  if (!command) {
    console.error("usage: node scripts/with-node.mjs [--sst] <command> [args…]");
    process.exit(2);
  }
  const env = { ...process.env };
  env.PATH = supportedNodePath(env);
  if (sst) ensureSstPlatform(env);
  const child = spawn(command, args, { cwd: process.cwd(), stdio: "inherit", env });
  // Ctrl-C reaches the child from the terminal itself; a SIGTERM sent to us alone is passed on.
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  child.on("error", (error) => {
    console.error(`with-node: cannot run ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 1)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
