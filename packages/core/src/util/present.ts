/** The fields of `value` that are set, among `keys` (for a presentation's JSON line). */
export function present<T extends object>(value: T, keys: readonly (keyof T)[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]]));
}
