import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../packages/core/src/config/load.ts";
import { CLI_PAGE, CLI_SECTION, cliReference } from "../../scripts/docs/cli-reference.ts";
import { CONFIG_PAGE, CONFIG_SECTION, configReference, configRows } from "../../scripts/docs/config-reference.ts";
import {
  CONFIG_STAMP_FILE,
  configJsonSchema,
  configStampModule,
  JSON_SCHEMA_FILE,
} from "../../scripts/docs/json-schema.ts";
import { readSection, writeSection } from "../../scripts/docs/sections.ts";
import { configSchema } from "../../scripts/docs/sources.ts";

// The generated references are committed; this fails while one differs from a fresh generation
// (a setting, default, command or flag changed without `npm run docs`).

describe("the generated documentation", () => {
  it("docs/configuration.md's reference is what the config schema generates", () => {
    expect(readSection(readFileSync(CONFIG_PAGE, "utf8"), CONFIG_SECTION), "run `npm run docs`").toBe(
      configReference(),
    );
  });

  it("docs/cli.md's reference is what the CLI program generates", async () => {
    expect(readSection(readFileSync(CLI_PAGE, "utf8"), CLI_SECTION), "run `npm run docs`").toBe(await cliReference());
  });

  it("guardrails.schema.json is the JSON Schema the config schema generates", () => {
    expect(readFileSync(JSON_SCHEMA_FILE, "utf8"), "run `npm run docs`").toBe(configJsonSchema());
  });

  it("the packaged configuration's stamp is the JSON Schema's, so a schema change gives it a new one", () => {
    expect(readFileSync(CONFIG_STAMP_FILE, "utf8"), "run `npm run docs`").toBe(configStampModule());
  });

  it("the JSON Schema has the config schema's keys, each policy's settings and no others", () => {
    const schema = JSON.parse(readFileSync(JSON_SCHEMA_FILE, "utf8")) as JsonNode;
    expect(Object.keys(schema.properties ?? {})).toEqual(Object.keys(configSchema.shape));
    expect(schema.additionalProperties).toBe(false);
    const policies = configSchema.shape.policies.def.innerType.shape;
    for (const [id, settings] of Object.entries(policies)) {
      const node = schema.properties?.["policies"]?.properties?.[id];
      expect(Object.keys(node?.properties ?? {}), id).toEqual(Object.keys(settings.def.innerType.shape));
      expect(node?.additionalProperties, id).toBe(false);
    }
  });

  it("the example in docs/configuration.md passes both the config parser and the JSON Schema's keys", () => {
    const example = /```json\n([\s\S]*?)\n```/.exec(readFileSync(CONFIG_PAGE, "utf8"))?.[1] ?? "";
    const config = { $schema: "./guardrails.schema.json", ...JSON.parse(example) };
    expect(() => parseConfig(config)).not.toThrow();
    const schema = JSON.parse(readFileSync(JSON_SCHEMA_FILE, "utf8")) as JsonNode;
    expect(unknownKeys(config, schema)).toEqual([]);
    expect(unknownKeys({ policies: { "auto-rollback": { bakeMinute: 1 } } }, schema)).toEqual([
      "policies.auto-rollback.bakeMinute",
    ]);
  });

  it("gives every configuration key a meaning", () => {
    expect(
      configRows()
        .filter((r) => !r.meaning)
        .map((r) => r.key),
    ).toEqual([]);
  });

  it("reads defaults and allowed values from the schema", () => {
    const rows = new Map(configRows().map((r) => [r.key, r]));
    expect(rows.get("guards.lockSeconds")).toMatchObject({ default: "`120`", allowed: "whole number ≥ 5" });
    expect(rows.get("notifications.minSeverity")).toMatchObject({
      default: "`info`",
      allowed: "`info`, `warning`, `critical`",
    });
    expect(rows.get("policies.right-sizing.mode")?.allowed).toBe("`off`, `observe`");
  });

  it("replaces only the marked section of a page", () => {
    const page =
      "intro\n<!-- generated:x (npm run docs; do not edit by hand) -->\nold\n<!-- end generated:x -->\noutro\n";
    const written = writeSection(page, "x", "new");
    expect(readSection(written, "x")).toBe("new");
    expect(written.startsWith("intro\n") && written.endsWith("<!-- end generated:x -->\noutro\n")).toBe(true);
    expect(() => writeSection("no markers", "x", "new")).toThrow('no "<!-- generated:x');
  });
});

type JsonNode = { properties?: Record<string, JsonNode>; additionalProperties?: boolean | JsonNode; items?: JsonNode };

/** Every key of `value` the JSON Schema does not allow (a structural check: no validator is installed). */
function unknownKeys(value: unknown, node: JsonNode, path = ""): string[] {
  if (Array.isArray(value))
    return value.flatMap((v, i) => (node.items ? unknownKeys(v, node.items, `${path}[${i}]`) : []));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = path ? `${path}.${key}` : key;
    const inner =
      node.properties?.[key] ?? (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined);
    if (!inner) return node.additionalProperties === false ? [at] : [];
    return unknownKeys(child, inner, at);
  });
}
