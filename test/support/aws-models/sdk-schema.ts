import { readFileSync } from "node:fs";
import vm from "node:vm";
import type { Member, Shape } from "./shapes.ts";

// The SDK v3 clients ship their own serialisation schemas (dist-es/schemas/schemas_0.js: one
// array per shape, Smithy's compact form). They are newer than botocore's models on this
// machine, so they vouch for members botocore does not know yet. The file is an ES module
// meant for bundlers (extensionless imports), so it is evaluated here in a sandbox with its
// imports stubbed, and its shapes converted to the botocore form.

// Smithy's schema codes (@smithy/core/schema): simple types, and list/map modifiers over them.
const SIMPLE: Record<number, Shape["type"]> = {
  0: "string",
  1: "double",
  2: "boolean",
  4: "timestamp",
  5: "timestamp",
  6: "timestamp",
  7: "timestamp",
  15: "string",
  17: "long",
  19: "double",
  21: "blob",
  42: "blob",
};
const LIST = 64;
const MAP = 128;
const TAG = { simple: 0, list: 1, map: 2, structure: 3, union: 4, error: -3 };

type Schema = number | (() => Schema) | unknown[];

export function sdkShapes(file: string): Record<string, Shape> {
  const exported = evaluate(readFileSync(file, "utf8"));
  const shapes: Record<string, Shape> = {};
  const nameOf = (schema: Schema): string => {
    const s = typeof schema === "function" ? schema() : schema;
    if (typeof s === "number") {
      if (s & MAP) return add(`map<${nameOf(s & ~MAP)}>`, { type: "map", key: member("string"), value: ref(s & ~MAP) });
      if (s & LIST) return add(`list<${nameOf(s & ~LIST)}>`, { type: "list", member: ref(s & ~LIST) });
      const type = SIMPLE[s] ?? "string";
      return add(type, { type, ...(s === 1 ? { number: true } : {}) });
    }
    const [tag, , name, , a, b] = s as [number, string, string, unknown, unknown, unknown];
    if (shapes[name]) return name;
    if (tag === TAG.list) {
      shapes[name] = { type: "list" };
      shapes[name].member = ref(a as Schema);
    } else if (tag === TAG.map) {
      shapes[name] = { type: "map" };
      Object.assign(shapes[name], { key: ref(a as Schema), value: ref(b as Schema) });
    } else if (tag === TAG.structure || tag === TAG.error || tag === TAG.union) {
      const names = a as string[];
      const required = (s as unknown[])[6];
      shapes[name] = { type: "structure", members: {}, required: names.slice(0, Number(required ?? 0)) };
      names.forEach((m, i) => {
        shapes[name]!.members![m] = ref((b as Schema[])[i]!);
      });
    } else {
      return nameOf((s as Schema[])[4]!);
    }
    return name;
  };
  const add = (name: string, shape: Shape) => {
    shapes[name] ??= shape;
    return name;
  };
  const member = (name: string): Member => ({ shape: add(name, { type: name as Shape["type"] }) });
  // A member with traits is [schema, traits]; a shape is [tag, namespace, name, ...].
  const ref = (schema: Schema): Member => {
    const s = typeof schema === "function" ? schema() : schema;
    return { shape: nameOf(Array.isArray(s) && s.length === 2 ? (s[0] as Schema) : (s as Schema)) };
  };
  for (const value of Object.values(exported))
    if (Array.isArray(value) && [TAG.structure, TAG.error, TAG.union].includes(value[0])) nameOf(value as Schema);
  return shapes;
}

function evaluate(source: string): Record<string, unknown> {
  const stubs: string[] = [];
  const body = source
    .replace(/^import\s*\{([^}]*)\}\s*from\s*"[^"]*";/gms, (_, names: string) => {
      for (const n of names.split(",").map((x) => x.trim()))
        if (n && n !== "TypeRegistry") stubs.push(`var ${n.split(/\s+as\s+/).at(-1)} = class {};`);
      return "";
    })
    .replace(/^export (var|const|let) /gm, "var ");
  const exports = [...source.matchAll(/^export var (\w+\$?)/gm)].map((m) => m[1]);
  const context = vm.createContext({
    TypeRegistry: class {
      registerError() {}
    },
  });
  return vm.runInContext(`${stubs.join("\n")}\n${body}\n({ ${exports.join(", ")} })`, context) as Record<
    string,
    unknown
  >;
}
