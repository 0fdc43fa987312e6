import { join } from "node:path";
import { tmpdir } from "node:os";
import { type CommandSpec, UsageError } from "@ecs-guardrails/cli/command";
import { COMMANDS } from "@ecs-guardrails/cli/commands";
import { main, VERSION } from "@ecs-guardrails/cli/main";
import type { Out } from "@ecs-guardrails/cli/output";
import { positiveInteger } from "@ecs-guardrails/cli/values";
import { describe, expect, it } from "vitest";

function fakeOut() {
  const lines: string[] = [];
  const errors: string[] = [];
  const out: Out = {
    line: (t) => lines.push(t),
    json: (v) => lines.push(JSON.stringify(v)),
    error: (t) => errors.push(t),
  };
  return { out, lines, errors };
}

const NO_STACK = /\n\s+at /;

describe("main", () => {
  it.each([["--help"], ["-h"]])("lists every registered command on stdout and exits 0 for %s", async (flag) => {
    const { out, lines, errors } = fakeOut();

    const code = await main([flag], out);

    expect(code).toBe(0);
    const help = lines.join("\n");
    expect(help).toMatch(/^Usage: guardrails \[options\] \[command\]/);
    for (const c of COMMANDS) expect(help).toMatch(new RegExp(`\\n  ${c.name}\\b.*${c.summary.slice(0, 20)}`));
    expect(errors).toEqual([]);
  });

  it.each([["--version"], ["-V"], ["history", "--version"]])("prints the package version for %s", async (...argv) => {
    const { out, lines } = fakeOut();

    expect(await main(argv, out)).toBe(0);
    expect(lines).toEqual([VERSION]);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    "`%s --help` shows its usage and documents every one of its flags",
    async (name, spec) => {
      const { out, lines, errors } = fakeOut();

      expect(await main([name, "--help"], out)).toBe(0);

      const help = lines.join("\n");
      expect(help).toMatch(new RegExp(`^Usage: guardrails ${name} \\[options\\]`));
      for (const option of spec.options) {
        const long = option.flags.split(/[ ,]+/).find((f) => f.startsWith("--"))!;
        expect(help).toContain(long);
        expect(help).toContain(option.description.slice(0, 30));
      }
      expect(help).not.toMatch(/'-- "/);
      expect(errors).toEqual([]);
    },
  );

  it("prints the usage and exits 2 without a command", async () => {
    const { out, lines } = fakeOut();

    expect(await main([], out)).toBe(2);
    expect(lines.join("\n")).toContain("Usage: guardrails");
  });

  it("exits 2 for an unknown command with one line naming it and the nearest command", async () => {
    const { out, lines, errors } = fakeOut();

    const code = await main(["histroy", "--now"], out);

    expect(code).toBe(2);
    expect(lines).toEqual([]);
    expect(errors).toEqual(["guardrails: unknown command 'histroy' (Did you mean history?) (see `guardrails --help`)"]);
  });

  const missing = join(tmpdir(), "guardrails-main-missing.jsonl");
  it.each([
    ["replay without FILE", ["replay"], "guardrails replay: missing required argument 'FILE'"],
    [
      "an --until that is not a time",
      ["replay", missing, "--until", "soon"],
      "guardrails replay: option '--until <time>' argument 'soon' is invalid",
    ],
    ["an unknown option", ["replay", missing, "--colour"], "guardrails replay: unknown option '--colour'"],
    [
      "history --limit abc",
      ["history", "--cluster", "a", "--service", "b", "--limit", "abc"],
      "guardrails history: option '--limit <n>' argument 'abc' is invalid. expected a whole number of at least 1.",
    ],
    [
      "history --limit 0",
      ["history", "--cluster", "a", "--service", "b", "--limit", "0"],
      "guardrails history: option '--limit <n>' argument '0' is invalid",
    ],
    [
      "history --limit 1e3",
      ["history", "--cluster", "a", "--service", "b", "--limit", "1e3"],
      "argument '1e3' is invalid",
    ],
    [
      "history --limit without a value",
      ["history", "--cluster", "a", "--service", "b", "--limit"],
      "guardrails history: option '--limit <n>' argument missing",
    ],
    [
      "start --port 99999",
      ["start", "--port", "99999"],
      "guardrails start: option '--port <n>' argument '99999' is invalid",
    ],
    [
      "start --port http",
      ["start", "--port", "http"],
      "guardrails start: option '--port <n>' argument 'http' is invalid",
    ],
    [
      "history without --service",
      ["history", "--cluster", "prod"],
      "guardrails history: required option '--service <name>' not specified",
    ],
    [
      "history without --cluster",
      ["history", "--service", "web"],
      "guardrails history: required option '--cluster <name>' not specified",
    ],
    [
      "history --all with an --after",
      ["history", "--cluster", "a", "--service", "b", "--all", "--after", "abc"],
      "guardrails history: --all reads from the newest entry",
    ],
    [
      "a cursor this command never printed",
      ["history", "--cluster", "a", "--service", "b", "--after", "not-a-cursor"],
      'guardrails history: --after "not-a-cursor" is not a cursor this command printed',
    ],
    [
      "history --type of no kind the history keeps",
      ["history", "--cluster", "a", "--service", "b", "--type", "deploy"],
      "guardrails history: option '--type <kind>' argument 'deploy' is invalid. expected one of: task-stopped, task-stopping, deployment, service-action, alarm, decision, pipeline, hook, unknown",
    ],
    [
      "history --decisions with a --type",
      ["history", "--cluster", "a", "--service", "b", "--decisions", "--type", "alarm"],
      "guardrails history: --decisions is --type decision: pass one of them",
    ],
    [
      "history --since that is neither a duration nor a time",
      ["history", "--cluster", "a", "--service", "b", "--since", "last week"],
      "guardrails history: option '--since <when>' argument 'last week' is invalid. expected a duration back from now (30d, 12h, 45m) or an ISO-8601 time",
    ],
    [
      "history --region without --table",
      ["history", "--cluster", "a", "--service", "b", "--region", "eu-west-1"],
      "guardrails history: --region applies to a deployed table",
    ],
    [
      "recommend --region without --table",
      ["recommend", "--region", "eu-west-1"],
      "guardrails recommend: --region applies to a deployed table",
    ],
    [
      "recommend --task-definition-out without a service",
      ["recommend", "--task-definition-out", "td.json"],
      "guardrails recommend: --task-definition-out writes one service's task definition: pass --cluster and --service too",
    ],
    [
      "ui --region without --table",
      ["ui", "--region", "eu-west-1"],
      "guardrails ui: --region applies to a deployed table",
    ],
  ])("exits 2 with one line naming the flag for %s", async (_, argv, message) => {
    const { out, lines, errors } = fakeOut();

    const code = await main(argv, out);

    expect(code).toBe(2);
    expect(lines).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(errors[0]).not.toContain("\n");
  });

  it.each([
    ["a FILE that does not exist", ["replay", missing], `guardrails replay: cannot read ${missing}: ENOENT`],
    [
      "start --scenario that does not exist",
      ["start", "--no-demo", "--scenario", missing],
      `guardrails start: --scenario ${missing}: cannot read it (ENOENT)`,
    ],
  ])("exits 1 with a one-line error for %s", async (_, argv, message) => {
    const { out, errors } = fakeOut();

    const code = await main(argv, out);

    expect(code).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(errors[0]).not.toMatch(NO_STACK);
  });

  describe.each(COMMANDS.map((c) => [c.name, c] as const))("every usage mistake on `%s`", (name, spec) => {
    const valued = spec.options.find((o) => /<[^>]+>/.test(o.flags));
    const cases: [string, string[]][] = [
      ["an unknown option", [name, "--no-such-flag"]],
      ["an unknown short option", [name, "-Z"]],
      ...(valued
        ? [[`${valued.flags} without its value`, [name, valued.flags.split(" ")[0]!]] as [string, string[]]]
        : []),
      ...(spec.arguments?.length ? [] : [["an argument it takes none of", [name, "stray"]] as [string, string[]]]),
    ];
    it.each(cases)("exits 2 with one line, no stack, for %s", async (_, argv) => {
      const { out, lines, errors } = fakeOut();

      const code = await main(argv, out);

      expect(code).toBe(2);
      expect(lines).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^guardrails ${name}: .+ \\(see \`guardrails ${name} --help\`\\)$`));
    });
  });

  it("names the missing region of a deployed table instead of failing inside the SDK", async () => {
    const { out, errors } = fakeOut();
    const env = {
      ...process.env,
      AWS_REGION: "",
      AWS_DEFAULT_REGION: "",
      AWS_PROFILE: "none-such",
      AWS_CONFIG_FILE: missing,
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    delete process.env["AWS_REGION"];
    delete process.env["AWS_DEFAULT_REGION"];
    try {
      const code = await main(["history", "--cluster", "a", "--service", "b", "--table", "t"], out, process.env);

      expect(code).toBe(1);
      expect(errors).toEqual([
        expect.stringMatching(/^guardrails history: --table needs a region: pass --region, or set AWS_REGION/),
      ]);
    } finally {
      process.env = saved;
    }
  });

  it("runs a registered command with its parsed arguments and options, and reports its own failures in one line", async () => {
    const seen: unknown[] = [];
    const echo: CommandSpec = {
      name: "echo",
      summary: "says it back",
      arguments: [{ name: "WORDS", description: "what to say", variadic: true }],
      options: [{ flags: "--times <n>", description: "how often", default: 1, parse: positiveInteger() }],
      run: async (args, options) => {
        seen.push(args, options);
        if (options["times"] === 13)
          throw new (await import("@ecs-guardrails/core/errors")).GuardrailsError("13 is unlucky");
        return 0;
      },
    };
    const { out, errors } = fakeOut();

    expect(await main(["echo", "a", "b", "--times", "3"], out, process.env, [echo])).toBe(0);
    expect(seen).toEqual([[["a", "b"]], { times: 3 }]);
    expect(await main(["echo", "--times", "13"], out, process.env, [echo])).toBe(1);
    expect(errors).toEqual(["guardrails echo: 13 is unlucky"]);
  });

  it("exits 2 when a command finds its flags do not go together (a UsageError), with the help hint", async () => {
    const picky: CommandSpec = {
      name: "picky",
      summary: "wants one of two",
      options: [
        { flags: "--a", description: "a" },
        { flags: "--b", description: "b" },
      ],
      run: async (_args, options) => {
        if (options["a"] && options["b"]) throw new UsageError("--a and --b do not go together");
        return 0;
      },
    };
    const { out, errors } = fakeOut();

    expect(await main(["picky", "--a", "--b"], out, process.env, [picky])).toBe(2);
    expect(errors).toEqual(["guardrails picky: --a and --b do not go together (see `guardrails picky --help`)"]);
  });
});
