import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";

// The exit status a script sees: 2 for every usage mistake, whichever layer finds it (the
// parser or the command), with one line on stderr and nothing on stdout.

describe("guardrails usage errors, as a script sees them", () => {
  it.each([
    ["an unknown command", ["histroy"]],
    ["an unknown option", ["start", "--no-such-flag"]],
    ["a missing required flag", ["history", "--cluster", "prod"]],
    ["a missing required argument", ["replay"]],
    ["an invalid value", ["schedule", "--days", "0"]],
    ["flags that do not go together", ["ui", "--region", "eu-west-1"]],
  ])("exits 2 with one line for %s", async (_, argv) => {
    const run = await runCli(argv, { timeoutMs: 30_000 });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^guardrails( \w+)?: .+ \(see `guardrails( \w+)? --help`\)$/),
    ]);
  });
});
