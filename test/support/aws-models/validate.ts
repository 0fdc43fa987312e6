import type { Limit } from "./documented.ts";
import type { Model, Shape } from "./shapes.ts";

// Walks a value against a service model's shape: required members, unknown members, types,
// enums, lengths and ranges, patterns. A member botocore's copy of the model lacks is looked up
// in the SDK's own schema of the same structure (sdk-schema.ts); only a member neither knows is
// unknown. Values are as they travel: JSON's numbers, strings and epoch-second timestamps.

export type Violation = { path: string; problem: string };

/** Which source vouched for a member: botocore's model, or (for members it lacks) the SDK's schema. */
export type Source = "botocore" | "sdk";

type Walk = {
  model: Model;
  source: Source;
  out: Violation[];
  sdkMembers: Set<string>;
  documented: Record<string, Limit>;
};

export function validateShape(
  model: Model,
  shapeName: string,
  value: unknown,
  options: { sdkMembers?: Set<string>; documented?: Record<string, Limit> } = {},
): Violation[] {
  const walk: Walk = {
    model,
    source: "botocore",
    out: [],
    sdkMembers: options.sdkMembers ?? new Set(),
    documented: options.documented ?? {},
  };
  check(walk, shapeName, value, "");
  return walk.out;
}

function check(walk: Walk, name: string, value: unknown, path: string): void {
  const shape = (walk.source === "sdk" ? walk.model.sdk : walk.model.shapes)[name];
  const fail = (problem: string) => walk.out.push({ path: path || "(top)", problem });
  if (!shape) return fail(`no shape ${name} in the ${walk.source} model`);
  if (value === null) return fail("null (AWS omits an absent member)");
  switch (shape.type) {
    case "structure":
      return structure(walk, name, shape, value, path, fail);
    case "list":
      if (!Array.isArray(value)) return fail(`expected a list, got ${typeof value}`);
      size(shape, value.length, "items", fail);
      value.forEach((item, i) => check(walk, shape.member!.shape, item, `${path}[${i}]`));
      return;
    case "map":
      if (typeof value !== "object" || Array.isArray(value)) return fail(`expected a map, got ${typeof value}`);
      size(shape, Object.keys(value).length, "entries", fail);
      for (const [k, v] of Object.entries(value)) {
        check(walk, shape.key!.shape, k, `${path}{key ${k}}`);
        check(walk, shape.value!.shape, v, `${path}.${k}`);
      }
      return;
    case "string":
      return string(shape, value, fail);
    case "integer":
    case "long":
    case "float":
    case "double":
      if (typeof value !== "number") return fail(`expected a number (${shape.type}), got ${JSON.stringify(value)}`);
      if ((shape.type === "integer" || shape.type === "long") && !Number.isInteger(value))
        return fail(`expected an ${shape.type}, got ${value}`);
      if (shape.min !== undefined && value < shape.min) fail(`${value} is below the minimum ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) fail(`${value} is above the maximum ${shape.max}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") fail(`expected a boolean, got ${JSON.stringify(value)}`);
      return;
    case "timestamp":
      if (typeof value !== "number" && !(typeof value === "string" && !Number.isNaN(Date.parse(value))))
        fail(`expected a timestamp, got ${JSON.stringify(value)}`);
      return;
    case "blob":
      if (typeof value !== "string") fail(`expected a base64 blob, got ${typeof value}`);
      return;
  }
}

function structure(
  walk: Walk,
  name: string,
  shape: Shape,
  value: unknown,
  path: string,
  fail: (problem: string) => void,
): void {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return fail(`expected a structure ${name}, got ${Array.isArray(value) ? "a list" : typeof value}`);
  const record = value as Record<string, unknown>;
  for (const required of shape.required ?? [])
    if (record[required] === undefined)
      walk.out.push({ path: join(path, required), problem: "missing required member" });
  for (const [key, member] of Object.entries(record)) {
    if (member === undefined) continue;
    const declared = shape.members?.[key];
    if (declared) {
      check(walk, declared.shape, member, join(path, key));
      const limit = walk.documented[`${name}.${key}`];
      if (limit && typeof member === "number")
        size(limit, member, `(documented: ${limit.doc})`, (problem) =>
          walk.out.push({ path: join(path, key), problem }),
        );
      continue;
    }
    // botocore's model trails the SDK: ask the SDK's schema of the same structure.
    const sdk = walk.source === "botocore" ? walk.model.sdk[name]?.members?.[key] : undefined;
    if (!sdk) {
      walk.out.push({ path: join(path, key), problem: `unknown member of ${name}` });
      continue;
    }
    walk.sdkMembers.add(`${name}.${key}`);
    const inner: Walk = { ...walk, source: "sdk" };
    check(inner, sdk.shape, member, join(path, key));
  }
}

function string(shape: Shape, value: unknown, fail: (problem: string) => void): void {
  if (typeof value !== "string") return fail(`expected a string, got ${JSON.stringify(value)}`);
  if (shape.enum && !shape.enum.includes(value))
    return fail(`${JSON.stringify(value)} is not one of ${shape.enum.join(", ")}`);
  size(shape, [...value].length, "characters", fail);
  const pattern = compile(shape.pattern);
  if (pattern && !pattern.test(value)) fail(`${JSON.stringify(value)} does not match ${shape.pattern}`);
}

function size(shape: Pick<Shape, "min" | "max">, n: number, what: string, fail: (problem: string) => void): void {
  if (shape.min !== undefined && n < shape.min) fail(`${n} ${what}, below the minimum ${shape.min}`);
  if (shape.max !== undefined && n > shape.max) fail(`${n} ${what}, above the maximum ${shape.max}`);
}

const patterns = new Map<string, RegExp | undefined>();

/** Model patterns are ECMA 262 and not anchored (Smithy's pattern trait); a few use Java-only syntax: skipped. */
function compile(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  if (!patterns.has(pattern)) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(pattern, "u");
    } catch {
      re = undefined;
    }
    patterns.set(pattern, re);
  }
  return patterns.get(pattern);
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
