// EventBridge's matching for the patterns this project writes: each key of the pattern lists the
// values the event's field may take (exact strings); nested objects match nested fields. Enough
// to check that a rule receives a real event shape; content filters (prefix, numeric…) are not used.

export function matchesEventPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const value = event[key];
    if (Array.isArray(expected)) return [value].flat().some((v) => expected.includes(v));
    if (expected !== null && typeof expected === "object" && value !== null && typeof value === "object") {
      return matchesEventPattern(expected as Record<string, unknown>, value as Record<string, unknown>);
    }
    return false;
  });
}
