import { readdirSync, readFileSync } from "node:fs";

// Fixture JSON for tests. Every load is a deep copy, so a test can mutate what it gets without
// leaking into the next test (the parsed files are cached, the copies are not).

// `any` on purpose: fixtures are arbitrary JSON that tests reshape freely.
export type Fixture = Record<string, any>;

const FIXTURES = new URL("../fixtures/", import.meta.url);
const cache = new Map<string, Fixture>();

/**
 * Loads `test/fixtures/<dir>/<name>.json`. A bare name is looked up in `aws-events/`;
 * "synthetic/ecs-task-stopped-crash" names another folder. The ".json" suffix is optional.
 */
export function loadFixture(name: string): Fixture {
  const path = `${name.includes("/") ? name : `aws-events/${name}`}${name.endsWith(".json") ? "" : ".json"}`;
  let parsed = cache.get(path);
  if (!parsed) {
    parsed = JSON.parse(readFileSync(new URL(path, FIXTURES), "utf8")) as Fixture;
    cache.set(path, parsed);
  }
  return structuredClone(parsed);
}

/** The file names (with ".json") in one fixture folder, sorted. */
export function fixtureNames(dir = "aws-events"): string[] {
  return readdirSync(new URL(`${dir}/`, FIXTURES))
    .filter((f) => f.endsWith(".json"))
    .sort();
}

/**
 * A deep copy of `fixture` with `patch` merged into `detail` (one level deep). A key patched to
 * `undefined` is removed, which is how tests drop a required field.
 */
export function withDetail(fixture: Fixture, patch: Fixture): Fixture {
  const copy = structuredClone(fixture);
  const detail: Fixture = { ...(copy.detail ?? {}), ...structuredClone(patch) };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete detail[key];
  copy.detail = detail;
  return copy;
}

/** A deep copy of `fixture` with envelope-level keys set, or removed when patched to `undefined`. */
export function withEnvelope(fixture: Fixture, patch: Fixture): Fixture {
  const copy: Fixture = { ...structuredClone(fixture), ...structuredClone(patch) };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete copy[key];
  return copy;
}
