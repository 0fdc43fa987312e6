// A generated section of a markdown page sits between two markers, so the hand-written text
// around it stays hand-written: `<!-- generated:NAME -->` … `<!-- end generated:NAME -->`.

const start = (name: string) => `<!-- generated:${name} (npm run docs; do not edit by hand) -->`;
const end = (name: string) => `<!-- end generated:${name} -->`;

/** The generated body of section `name` in `page`, or undefined when the page has no such section. */
export function readSection(page: string, name: string): string | undefined {
  const from = page.indexOf(start(name));
  const to = page.indexOf(end(name));
  if (from < 0 || to < from) return undefined;
  return page
    .slice(from + start(name).length, to)
    .replace(/^\n/, "")
    .replace(/\n$/, "");
}

/** `page` with section `name` replaced by `body`; throws if the markers are missing. */
export function writeSection(page: string, name: string, body: string): string {
  const from = page.indexOf(start(name));
  const to = page.indexOf(end(name));
  if (from < 0 || to < from) throw new Error(`no "${start(name)}" … "${end(name)}" markers`);
  return `${page.slice(0, from)}${start(name)}\n${body}\n${page.slice(to)}`;
}
