/** Name globs: "*" any run of characters, "?" one character; everything else literal. */
export function globMatch(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  return regex.test(name);
}

export function anyGlob(patterns: readonly string[], name: string): boolean {
  return patterns.some((p) => globMatch(p, name));
}

export const isGlob = (pattern: string) => /[*?]/.test(pattern);

/**
 * Whether some name matches both globs ("*" any run, "?" one character): a search over
 * pairs of positions in the two patterns, each step consuming one character both accept.
 */
export function globsOverlap(a: string, b: string): boolean {
  // The common cases without a search: a name against a name, anything against "*".
  if (a === b || a === "*" || b === "*") return true;
  if (!isGlob(a) && !isGlob(b)) return false;
  const seen = new Set<string>();
  const stack: Array<[number, number]> = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const id = `${i},${j}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (i === a.length && j === b.length) return true;
    // A star may match nothing.
    if (a[i] === "*") stack.push([i + 1, j]);
    if (b[j] === "*") stack.push([i, j + 1]);
    if (i < a.length && j < b.length && accepts(a[i]!, b[j]!)) {
      // A star may also absorb the character and stay.
      stack.push([a[i] === "*" ? i : i + 1, b[j] === "*" ? j : j + 1]);
    }
  }
  return false;
}

const accepts = (x: string, y: string) => x === "*" || x === "?" || y === "*" || y === "?" || x === y;
