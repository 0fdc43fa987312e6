import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLI_PAGE, CLI_SECTION, cliReference } from "../../scripts/docs/cli-reference.ts";
import { CONFIG_PAGE, CONFIG_SECTION, configReference, configRows } from "../../scripts/docs/config-reference.ts";
import { readSection, writeSection } from "../../scripts/docs/sections.ts";

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
