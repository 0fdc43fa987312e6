// The services an unknown --service could have meant, for its one-line error. Capped so a large
// account's list stays one readable line.

const SHOWN = 10;

/** "known services: batch/etl, prod/web and 3 more" (sorted, de-duplicated, the first 10). */
export function knownServices(names: readonly string[]): string {
  const sorted = [...new Set(names)].sort();
  if (sorted.length === 0) return "no service is known yet";
  const rest = sorted.length - SHOWN;
  return `known services: ${sorted.slice(0, SHOWN).join(", ")}${rest > 0 ? ` and ${rest} more` : ""}`;
}
