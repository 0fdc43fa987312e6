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
type Fail = (problem: string) => void;

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
  const fail: Fail = (problem) => {
    walk.out.push({ path: path || "(top)", problem });
  };
  if (!shape) fail(`no shape ${name} in the ${walk.source} model`);
  else if (value === null) fail("null (AWS omits an absent member)");
  else if (shape.type === "structure") structure(walk, name, shape, value, path, fail);
  else if (shape.type === "list") list(walk, shape, value, path, fail);
  else if (shape.type === "map") map(walk, shape, value, path, fail);
  else if (shape.type === "string") string(shape, value, fail);
  else if (shape.type === "boolean") {
    if (typeof value !== "boolean") fail(`expected a boolean, got ${JSON.stringify(value)}`);
  } else if (shape.type === "timestamp") {
    if (typeof value !== "number" && !(typeof value === "string" && !Number.isNaN(Date.parse(value))))
      fail(`expected a timestamp, got ${JSON.stringify(value)}`);
  } else if (shape.type === "blob") {
    if (typeof value !== "string") fail(`expected a base64 blob, got ${typeof value}`);
  } else number(shape, value, fail);
}

function number(shape: Shape, value: unknown, fail: Fail): void {
  if (typeof value !== "number") fail(`expected a number (${shape.type}), got ${JSON.stringify(value)}`);
  else if ((shape.type === "integer" || shape.type === "long") && !Number.isInteger(value))
    fail(`expected an ${shape.type}, got ${value}`);
  else {
    if (shape.min !== undefined && value < shape.min) fail(`${value} is below the minimum ${shape.min}`);
    if (shape.max !== undefined && value > shape.max) fail(`${value} is above the maximum ${shape.max}`);
  }
}

function list(walk: Walk, shape: Shape, value: unknown, path: string, fail: Fail): void {
  if (!Array.isArray(value)) {
    fail(`expected a list, got ${typeof value}`);
    return;
  }
  size(shape, value.length, "items", fail);
  value.forEach((item, i) => {
    check(walk, shape.member!.shape, item, `${path}[${i}]`);
  });
}

function map(walk: Walk, shape: Shape, value: unknown, path: string, fail: Fail): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(`expected a map, got ${typeof value}`);
    return;
  }
  size(shape, Object.keys(value).length, "entries", fail);
  for (const [k, v] of Object.entries(value)) {
    check(walk, shape.key!.shape, k, `${path}{key ${k}}`);
    check(walk, shape.value!.shape, v, `${path}.${k}`);
  }
}

function structure(walk: Walk, name: string, shape: Shape, value: unknown, path: string, fail: Fail): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(`expected a structure ${name}, got ${Array.isArray(value) ? "a list" : typeof value}`);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const required of shape.required ?? [])
    if (record[required] === undefined)
      walk.out.push({ path: join(path, required), problem: "missing required member" });
  for (const [key, member] of Object.entries(record)) {
    if (member !== undefined) memberOf(walk, name, shape, key, member, join(path, key));
  }
}

function memberOf(walk: Walk, name: string, shape: Shape, key: string, value: unknown, path: string): void {
  const declared = shape.members?.[key];
  const push: Fail = (problem) => {
    walk.out.push({ path, problem });
  };
  if (declared) {
    check(walk, declared.shape, value, path);
    const limit = walk.documented[`${name}.${key}`];
    if (limit && typeof value === "number") size(limit, value, `(documented: ${limit.doc})`, push);
    return;
  }
  // botocore's model trails the SDK: ask the SDK's schema of the same structure.
  const sdk = walk.source === "botocore" ? walk.model.sdk[name]?.members?.[key] : undefined;
  if (!sdk) {
    push(`unknown member of ${name}`);
    return;
  }
  walk.sdkMembers.add(`${name}.${key}`);
  check({ ...walk, source: "sdk" }, sdk.shape, value, path);
}

function string(shape: Shape, value: unknown, fail: Fail): void {
  if (typeof value !== "string") {
    fail(`expected a string, got ${JSON.stringify(value)}`);
    return;
  }
  if (shape.enum && !shape.enum.includes(value)) {
    fail(`${JSON.stringify(value)} is not one of ${shape.enum.join(", ")}`);
    return;
  }
  size(shape, [...value].length, "characters", fail);
  const pattern = compile(shape.pattern);
  if (pattern && !pattern.test(value)) fail(`${JSON.stringify(value)} does not match ${shape.pattern}`);
}

function size(shape: Pick<Shape, "min" | "max">, n: number, what: string, fail: Fail): void {
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
