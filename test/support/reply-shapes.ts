// Checks that a local endpoint's reply has the SDK's shapes (used by
// test/integration/local/sdk-shapes.test.ts and the other endpoints' tests): the SDK silently drops a misspelt field, so a
// test must look for what it reads and for what the server sent but the SDK did not keep.

/** The paths ("a.b[].c") that are undefined or null in `value`. */
export function missingPaths(value: unknown, paths: readonly string[]): string[] {
  const walk = (node: unknown, parts: string[], at: string): string[] => {
    if (parts.length === 0) return node === undefined || node === null ? [at] : [];
    const [head, ...rest] = parts as [string, ...string[]];
    const list = head.endsWith("[]");
    const child = (node as Record<string, unknown> | undefined)?.[list ? head.slice(0, -2) : head];
    const here = at ? `${at}.${head.replace("[]", "")}` : head.replace("[]", "");
    if (!list) return walk(child, rest, here);
    if (!Array.isArray(child) || child.length === 0) return [`${here}[] (no elements)`];
    return child.flatMap((item, i) => walk(item, rest, `${here}[${i}]`));
  };
  return paths.flatMap((p) => walk(value, p.split("."), ""));
}

/** Fields present in the raw JSON reply but undefined after the SDK read it. */
export function droppedFields(raw: unknown, parsed: unknown, at = ""): string[] {
  if (raw === null || typeof raw !== "object") return [];
  if (parsed instanceof Date) return [];
  return Object.entries(raw as Record<string, unknown>).flatMap(([key, value]) => {
    const here = at ? `${at}.${key}` : key;
    const out = (parsed as Record<string, unknown> | undefined)?.[key];
    if (value !== null && out === undefined) return [here];
    if (typeof value === "number" && typeof out !== "number" && !(out instanceof Date))
      return [`${here} (number became ${typeof out})`];
    return droppedFields(value, out, here);
  });
}
