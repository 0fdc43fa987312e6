import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The kernel names no capability: only a capability's own folder and the registry do. "Names"
// means, in code (comments are prose and are not read):
//  - an import or export specifier that resolves into capabilities/<id>/, or
//  - the id as a string literal ("scheduled-scaling"), in any quotes.
// Two exceptions, by design: a capability asks another for a setting by name through
// `settingOf("<id>", "<key>")` (scheduled scaling waits out auto-rollback's bakeMinutes), and for
// a view of its state through `stateOf("<id>", "<view>")` (auto-rollback asks which capacity
// providers Spot fallback holds the service off). What a capability lends the others by role
// (judging revisions, holding deploys) is found through roles.ts, which names none.

const CORE = path.resolve(import.meta.dirname, "../../../packages/core/src");
const CAPABILITIES = path.join(CORE, "capabilities");

const ids = () =>
  readdirSync(CAPABILITIES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

/** The code without comments (string contents kept: an id in a string is a use). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

const SPECIFIER = /(?:from|import)\s*\(?\s*["']([^"']+)["']/g;

/** Every capability a file names, as "id (how)". */
export function namedCapabilities(file: string, text: string, known: readonly string[]): string[] {
  const found: string[] = [];
  const body = code(text);
  for (const [, spec] of body.matchAll(SPECIFIER)) {
    if (!spec!.startsWith(".")) continue;
    const target = path.relative(CAPABILITIES, path.resolve(path.dirname(file), spec!));
    const id = target.split(path.sep)[0]!;
    if (!target.startsWith("..") && known.includes(id)) found.push(`${id} (imports ${spec})`);
  }
  const asked = body.replace(/(settingOf|stateOf)\??\.?\(\s*["'][a-z-]+["']/g, "$1(");
  for (const id of known) if (new RegExp(`["'\`]${id}["'\`]`).test(asked)) found.push(`${id} (the id "${id}")`);
  return found;
}

/** Files outside capabilities/<id>/ and registry.ts that name a capability. */
export function kernelViolations(): string[] {
  const known = ids();
  return sources(CORE).flatMap((file) => {
    const rel = path.relative(CORE, file);
    if (rel === "registry.ts") return [];
    const own = rel.startsWith(`capabilities${path.sep}`) ? rel.split(path.sep)[1] : undefined;
    return namedCapabilities(file, readFileSync(file, "utf8"), known)
      .filter((n) => n.split(" ")[0] !== own)
      .map((n) => `${rel}: ${n}`);
  });
}

describe("the kernel's boundaries", () => {
  it("lets no file outside capabilities/<id>/ and registry.ts name a capability", () => {
    expect(kernelViolations().filter((v) => !v.startsWith("capabilities/"))).toEqual([]);
  });

  it("lets no capability name another: what one lends the others is found through the registry", () => {
    expect(kernelViolations().filter((v) => v.startsWith("capabilities/"))).toEqual([]);
  });

  it("counts an import into a capability's folder and its id as a literal, not a comment or settingOf", () => {
    const file = path.join(CORE, "engine", "example.ts");
    const text = [
      'import { x } from "../capabilities/spot-fallback/decide.ts";',
      'const id = "right-sizing";',
      "// auto-rollback, in prose, is fine",
      'const bake = settingOf("auto-rollback", "bakeMinutes");',
    ].join("\n");
    expect(namedCapabilities(file, text, ["auto-rollback", "right-sizing", "spot-fallback"])).toEqual([
      "spot-fallback (imports ../capabilities/spot-fallback/decide.ts)",
      'right-sizing (the id "right-sizing")',
    ]);
  });
});
