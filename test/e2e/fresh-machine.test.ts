import { execFile, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { requiredRange, satisfies } from "../../scripts/with-node.mjs";
import { ROOT } from "../support/cli.ts";

// What a fresh machine meets first: an older Node running `npm start` / `npm test`, and a
// mistyped benchmark flag.

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd = ROOT,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// An older Node, when the machine has one (this one's default is 20 at /usr/bin/node).
const OLD_NODE = process.env["GUARDRAILS_OLD_NODE"] ?? "/usr/bin/node";
const oldVersion = existsSync(OLD_NODE) ? spawnSync(OLD_NODE, ["--version"], { encoding: "utf8" }).stdout.trim() : "";
const hasOldNode = oldVersion !== "" && !satisfies(oldVersion, requiredRange(ROOT));

// Skipped only on a machine without an unsupported Node to try (the reason is printed).
if (!hasOldNode)
  console.warn(
    `test/e2e/fresh-machine.test.ts: no Node outside ${requiredRange(ROOT)} at ${OLD_NODE} (${oldVersion || "none"}); the older-Node case is skipped`,
  );

describe.skipIf(!hasOldNode)(`an older Node (${oldVersion})`, () => {
  it("runs the command with node@24 from .tools/, saying so in one line", async () => {
    const env = { ...process.env, PATH: `${OLD_NODE.replace(/\/node$/, "")}:/usr/bin:/bin` };

    const out = await run(OLD_NODE, ["scripts/with-node.mjs", "node", "-e", "console.log(process.version)"], env);

    expect(out.code).toBe(0);
    expect(out.stdout.trim()).toMatch(/^v24\./);
    expect(out.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(
          `^with-node: Node ${oldVersion.replace(/\./g, "\\.")} is outside .*(installing node@24|using v24\\.)`,
        ),
      ),
    ]);
  });

  it("npm install says in one line that the scripts bring Node 24, instead of an engine warning per dependency", async () => {
    const env = { ...process.env, PATH: `${OLD_NODE.replace(/\/node$/, "")}:/usr/bin:/bin` };
    // What npm reads to plan an install: the manifests, the lockfile, .npmrc, and the preinstall's script.
    const copy = mkdtempSync(join(tmpdir(), "guardrails-install-"));
    const workspaces = ["core", "aws", "sim", "console", "cli", "infra"].map((p) => `packages/${p}/package.json`);
    for (const file of [
      "package.json",
      "package-lock.json",
      ".npmrc",
      "scripts/with-node.mjs",
      "functions/package.json",
      ...workspaces,
    ]) {
      mkdirSync(join(copy, dirname(file)), { recursive: true });
      copyFileSync(join(ROOT, file), join(copy, file));
    }
    const npm = join(dirname(OLD_NODE), "npm");

    const plan = await run(npm, ["install", "--ignore-scripts", "--dry-run"], env, copy);
    const preinstall = await run(npm, ["run", "-s", "preinstall"], env, copy);

    expect(plan.code).toBe(0);
    expect(`${plan.stdout}${plan.stderr}`).not.toContain("EBADENGINE");
    expect(preinstall.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^Node ${oldVersion.replace(/\./g, "\\.")} found .*run on Node 24 .*.tools/`)),
    ]);
  });

  it("runs `npx guardrails` through the same launcher instead of failing on the TypeScript", async () => {
    const env = { ...process.env, PATH: `${OLD_NODE.replace(/\/node$/, "")}:/usr/bin:/bin` };

    const out = await run(OLD_NODE, ["packages/cli/bin/guardrails.mjs", "--version"], env);

    expect(out.code).toBe(0);
    expect(out.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(out.stderr).not.toContain("ERR_UNKNOWN_FILE_EXTENSION");
  });
});

describe("npm run bench", () => {
  it.each([
    [["--events", "abc"], 'bench: --events "abc" is not a whole number of at least 1'],
    [["--concurrency", "0"], 'bench: --concurrency "0" is not a whole number of at least 1'],
    [["--colour"], "bench: Unknown option '--colour'"],
  ])("refuses %j with one line naming the flag and exit code 2, before starting anything", async (args, message) => {
    const out = await run(process.execPath, ["bench/ingest.ts", ...args]);

    expect(out.code).toBe(2);
    expect(out.stdout).toBe("");
    expect(out.stderr.trim().split("\n")).toEqual([expect.stringContaining(message)]);
  });
});
