import { join } from "node:path";
import { tmpdir } from "node:os";
import type { Out } from "@ecs-guardrails/local/cli/output";
import { main } from "@ecs-guardrails/local/cli/main";
import { describe, expect, it } from "vitest";

function fakeOut() {
  const lines: string[] = [];
  const errors: string[] = [];
  const out: Out = { line: (t) => lines.push(t), json: (v) => lines.push(JSON.stringify(v)), error: (t) => errors.push(t) };
  return { out, lines, errors };
}

describe("main", () => {
  it.each([["--help"], ["-h"]])("prints the usage on stdout and exits 0 for %s", async (flag) => {
    const { out, lines, errors } = fakeOut();

    const code = await main([flag], out);

    expect(code).toBe(0);
    expect(lines.join("\n")).toMatch(/^usage: guardrails <command>/);
    expect(errors).toEqual([]);
  });

  it("prints the usage and exits 2 without a command", async () => {
    const { out, lines } = fakeOut();

    expect(await main([], out)).toBe(2);
    expect(lines.join("\n")).toContain("usage: guardrails");
  });

  it("exits 2 for an unknown command, naming it above the usage on stderr", async () => {
    const { out, lines, errors } = fakeOut();

    const code = await main(["deploy", "--now"], out);

    expect(code).toBe(2);
    expect(lines).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^guardrails: unknown command "deploy"\nusage: guardrails/);
  });

  const missing = join(tmpdir(), "guardrails-main-missing.jsonl");
  it.each([
    ["a missing FILE", ["replay"], "guardrails replay: missing FILE"],
    ["a FILE that does not exist", ["replay", missing], `guardrails replay: cannot read ${missing}: ENOENT`],
    ["an --until that is not a time", ["replay", missing, "--until", "soon"], 'guardrails replay: --until "soon" is not an ISO-8601 time'],
    ["an unknown option", ["replay", missing, "--colour"], "guardrails replay: Unknown option '--colour'"],
    ["history without --service", ["history", "--cluster", "prod"], "guardrails history: --cluster and --service are required"],
  ])("exits 1 with a one-line error for %s", async (_, argv, message) => {
    const { out, errors } = fakeOut();

    const code = await main(argv, out);

    expect(code).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(errors[0]).not.toContain("\n    at ");
  });
});
