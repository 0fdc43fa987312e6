import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Every relative link in README.md and docs/**/*.md must lead somewhere: the file exists, and
// an #anchor names a heading (or an explicit <a name>) of the markdown file it points to.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith(".md") ? [path] : [];
  });
}

/** The page's text without fenced code blocks or inline code, where a "link" is only an example. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, "");
}

function withoutFences(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, text] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = text!
      .replace(/<[^>]+>/g, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const [, name] of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) out.add(name!);
  return out;
}

type Link = { from: string; target: string };

function relativeLinks(file: string): Link[] {
  const text = prose(readFileSync(file, "utf8"));
  const targets = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  return targets
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t))
    .map((target) => ({ from: relative(ROOT, file), target }));
}

/** Why a link does not resolve, or undefined when it does. */
export function brokenReason(fromFile: string, target: string): string | undefined {
  const [path, anchor] = target.split("#", 2) as [string, string | undefined];
  const file = path === "" ? fromFile : resolve(dirname(fromFile), decodeURIComponent(path));
  if (!existsSync(file)) return `no file ${relative(ROOT, file)}`;
  if (anchor === undefined || !file.endsWith(".md")) return undefined;
  return anchors(readFileSync(file, "utf8")).has(anchor)
    ? undefined
    : `no heading #${anchor} in ${relative(ROOT, file)}`;
}

const pages = [join(ROOT, "README.md"), ...markdownFiles(join(ROOT, "docs"))];

describe("the documentation's relative links", () => {
  it("covers the README and every page under docs/", () => {
    expect(pages.length).toBeGreaterThan(10);
  });

  it("all resolve to an existing file and, with an anchor, to a heading in it", () => {
    const broken = pages.flatMap((page) =>
      relativeLinks(page).flatMap(({ from, target }) => {
        const reason = brokenReason(page, target);
        return reason ? [`${from}: (${target}) ${reason}`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });

  it("reports a link to a missing file and to a missing heading", () => {
    const readme = join(ROOT, "README.md");
    expect(brokenReason(readme, "docs/no-such-page.md")).toBe("no file docs/no-such-page.md");
    expect(brokenReason(readme, "docs/history.md#no-such-heading")).toBe(
      "no heading #no-such-heading in docs/history.md",
    );
  });

  it("derives anchors as GitHub does", () => {
    expect([
      ...anchors(
        "# A decision's lifecycle (and what survives a fault)\n## `guardrails recommend`\n## Deployment lifecycle hook (BLUE_GREEN, LINEAR, CANARY)\n## Notes\n## Notes",
      ),
    ]).toEqual([
      "a-decisions-lifecycle-and-what-survives-a-fault",
      "guardrails-recommend",
      "deployment-lifecycle-hook-blue_green-linear-canary",
      "notes",
      "notes-1",
    ]);
  });
});

/** Source files whose comments may cite the docs: everything but dependencies and tool caches. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (["node_modules", ".sst", ".tools", ".git", ".guardrails", "test-output"].includes(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|md)$/.test(name) ? [path] : [];
  });
}

const sources = ["packages", "functions", "test", "bench", "scripts", "docs"]
  .flatMap((d) => sourceFiles(join(ROOT, d)))
  .concat(join(ROOT, "README.md"));
const THIS_FILE = fileURLToPath(import.meta.url);
/** Citations of notes that live outside the repository (spelt in pieces so this file does not match itself). */
const OUTSIDE = new RegExp(
  [["reference", "§"].join(" "), ["\\.\\.", "shared"].join("/"), "(?<!fixtures/)aws-events/SOURCES\\.md"].join("|"),
);

describe("what code comments and docs cite", () => {
  it("is never a document outside the repository", () => {
    const outside = sources
      .filter((file) => file !== THIS_FILE)
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .flatMap((line, i) => (OUTSIDE.test(line) ? [`${relative(ROOT, file)}:${i + 1}`] : [])),
      );
    expect(outside).toEqual([]);
  });

  it("names docs pages and sections that exist", () => {
    const broken = sources
      .filter((file) => file !== THIS_FILE)
      .flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(/(?<![\w/.])docs\/[\w/-]+\.md(?:#[\w-]+)?/g)].flatMap(([cited]) => {
          const reason = brokenReason(join(ROOT, "README.md"), cited!);
          return reason ? [`${relative(ROOT, file)}: ${cited} ${reason}`] : [];
        }),
      );
    expect(broken).toEqual([]);
  });
});
