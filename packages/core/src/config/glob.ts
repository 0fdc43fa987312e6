/** Name globs: "*" any run of characters, "?" one character; everything else literal. */
export function globMatch(pattern: string, name: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return regex.test(name);
}

export function anyGlob(patterns: readonly string[], name: string): boolean {
  return patterns.some((p) => globMatch(p, name));
}
