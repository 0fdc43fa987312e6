import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./cli.ts";

// The docs' walkthrough: the fenced blocks a machine can follow, each marked in the page by
// `<!-- walkthrough: NAME -->` on the line before its fence. A NAME ending in `.json` is a file
// the reader writes (the block is its content); any other NAME is a shell block run as written.

export type WalkthroughBlock = { page: string; name: string; lang: string; body: string };

/** The pages the walkthrough goes through, in the order a reader follows them. */
export const WALKTHROUGH_PAGES = [
  "docs/getting-started.md",
  "docs/replay.md",
  "docs/recording-events.md",
  "docs/observe-to-enforce.md",
];

const MARKED = /^<!-- walkthrough: (\S+) -->\n```(\w*)\n([\s\S]*?)^```$/gm;

export function walkthroughBlocks(pages: readonly string[] = WALKTHROUGH_PAGES): WalkthroughBlock[] {
  return pages.flatMap((page) =>
    [...readFileSync(join(ROOT, page), "utf8").matchAll(MARKED)].map(([, name, lang, body]) => ({
      page,
      name: name!,
      lang: lang!,
      body: body!,
    })),
  );
}

/** Every marker, matched to a block or not: a marker whose fence moved away must not pass silently. */
export function walkthroughMarkers(pages: readonly string[] = WALKTHROUGH_PAGES): string[] {
  return pages.flatMap((page) =>
    [...readFileSync(join(ROOT, page), "utf8").matchAll(/^<!-- walkthrough: (\S+) -->$/gm)].map(([, name]) => name!),
  );
}

/** The one block named `name` (each name is used once). */
export function walkthroughBlock(name: string): WalkthroughBlock {
  const found = walkthroughBlocks().filter((b) => b.name === name);
  if (found.length !== 1)
    throw new Error(`expected one walkthrough block "${name}" in the docs, found ${found.length}`);
  return found[0]!;
}

/**
 * The shell variables a page sets on a line of its own (`REGION=eu-west-1 ACCOUNT=… GROUP=…`),
 * the placeholders its later blocks use.
 */
export function pageVariables(page: string): Record<string, string> {
  const text = readFileSync(join(ROOT, page), "utf8");
  const line = /^((?:[A-Z_]+=\S+ ?)+)$/m.exec(text)?.[1] ?? "";
  return Object.fromEntries(
    line
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => pair.split("=", 2) as [string, string]),
  );
}
