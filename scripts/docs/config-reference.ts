import { readFileSync, writeFileSync } from "node:fs";
import * as z from "zod/mini";
import { DESCRIPTIONS } from "./config-descriptions.ts";
import { writeSection } from "./sections.ts";
import { configSchema } from "./sources.ts";

// docs/configuration.md's reference: every key of the configuration schema, with its default
// and allowed values read from the schema objects themselves (through zod's JSON Schema view),
// so the page cannot drift from the code. Only the meanings are written by hand.

export const CONFIG_PAGE = new URL("../../docs/configuration.md", import.meta.url);
export const CONFIG_SECTION = "config-reference";

type Json = {
  type?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  minLength?: number;
  pattern?: string;
  items?: Json;
  anyOf?: Json[];
  properties?: Record<string, Json>;
  additionalProperties?: Json | boolean;
};

export type Row = { key: string; default: string; allowed: string; meaning: string | undefined };

/** Every documented key, in schema order. Overrides' policies are not repeated key by key. */
export function configRows(): Row[] {
  const root = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as Json;
  const rows: Row[] = [];
  const row = (key: string, node: Json) =>
    rows.push({ key, default: defaultOf(node), allowed: allowed(node), meaning: DESCRIPTIONS[key] });
  const walk = (node: Json, key: string): void => {
    if (key === "overrides[].policies") return void row(key, node);
    if (node.type === "object" && node.properties) {
      const children = Object.values(node.properties);
      const ownDefault = node.default !== undefined && JSON.stringify(node.default) !== "{}";
      if (ownDefault && children.some((c) => c.default === undefined)) row(key, node);
      for (const [name, child] of Object.entries(node.properties)) walk(child, key ? `${key}.${name}` : name);
      return;
    }
    if (node.type === "object" && typeof node.additionalProperties === "object") {
      row(key, node);
      walk(node.additionalProperties, `${key}.<name>`);
      return;
    }
    if (node.type === "array" && node.items?.type === "object") {
      row(key, node);
      walk(node.items, `${key}[]`);
      return;
    }
    row(key, node);
  };
  walk(root, "");
  return rows;
}

const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
const SAFE = Number.MAX_SAFE_INTEGER;

function defaultOf(node: Json): string {
  return node.default === undefined ? "—" : code(node.default);
}

function allowed(node: Json): string {
  if (node.const !== undefined) return code(node.const);
  if (node.enum) return node.enum.map(code).join(", ");
  if (node.anyOf) return node.anyOf.map(allowed).join(" or ");
  switch (node.type) {
    case "boolean":
      return "`true`, `false`";
    case "integer":
    case "number":
      return numberRange(node);
    case "string":
      return node.pattern
        ? `text matching \`${node.pattern.replaceAll("|", "\\|")}\``
        : node.minLength
          ? "non-empty text"
          : "text";
    case "array": {
      const least = node.minItems ? `, at least ${node.minItems}` : "";
      return `list of ${node.items ? allowed(node.items) : "values"}${least}`;
    }
    case "object":
      if (typeof node.additionalProperties === "object") return "map by name";
      return node.properties ? `object: ${Object.keys(node.properties).map(code).join(", ")}` : "object";
    default:
      return "any";
  }
}

function numberRange(node: Json): string {
  const kind = node.type === "integer" ? "whole number" : "number";
  const low =
    node.exclusiveMinimum !== undefined
      ? `> ${node.exclusiveMinimum}`
      : node.minimum !== undefined
        ? `≥ ${node.minimum}`
        : undefined;
  const high = node.maximum !== undefined && node.maximum < SAFE ? `≤ ${node.maximum}` : undefined;
  return [kind, [low, high].filter(Boolean).join(", ")].filter(Boolean).join(" ");
}

/** The markdown table, one row per key. */
export function configReference(): string {
  const lines = ["| key | default | allowed | meaning |", "|---|---|---|---|"];
  for (const r of configRows()) lines.push(`| \`${r.key}\` | ${r.default} | ${r.allowed} | ${r.meaning ?? ""} |`);
  return lines.join("\n");
}

export function writeConfigReference(): void {
  writeFileSync(CONFIG_PAGE, writeSection(readFileSync(CONFIG_PAGE, "utf8"), CONFIG_SECTION, configReference()));
}
