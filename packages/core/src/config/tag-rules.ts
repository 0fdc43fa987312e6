// What a service's tags may set, written out without zod: the functions check tags per service
// at run time, and zod's runtime was ~31 kB of the ingest's bundle (issue 19,
// docs/design/benchmarks.md "Cold start and bundle size"). Each capability declares its
// parameter tags with the checks of the setting they change (its tags.ts); its zod schema
// (settings.ts) keeps the same checks for the configuration file, and
// test/unit/core/config/tag-rules.test.ts holds both to the same verdicts and words.

/** A parameter tag: the numeric setting it changes and that setting's checks, in the schema's order. */
export type TagParameter = {
  key: string;
  /** An integer (zod's `int`). */
  int?: true;
  /** At least (zod's `minimum`). */
  min?: number;
  /** Greater than (zod's `gt`/`positive`). */
  gt?: number;
  /** At most (zod's `maximum`/`lte`). */
  max?: number;
};

/** The modes a capability's mode tag takes, and why it refuses one of the others (MODES). */
export type ModeRule = { allowed: readonly string[]; refused: (mode: string) => string };

const SAFE = Number.MAX_SAFE_INTEGER;

/** The problems zod gives the value, in its words and order; none when it is taken. */
export function parameterProblems(p: TagParameter, n: number): string[] {
  if (p.int && !Number.isInteger(n)) return ["Invalid input: expected int, received number"];
  const problems: string[] = [];
  if (p.int && n > SAFE) problems.push(`Too big: expected int to be <=${SAFE}`);
  if (p.int && n < -SAFE) problems.push(`Too small: expected int to be >=-${SAFE}`);
  if (p.min !== undefined && n < p.min) problems.push(`Too small: expected number to be >=${p.min}`);
  if (p.gt !== undefined && n <= p.gt) problems.push(`Too small: expected number to be >${p.gt}`);
  if (p.max !== undefined && n > p.max) problems.push(`Too big: expected number to be <=${p.max}`);
  return problems;
}
