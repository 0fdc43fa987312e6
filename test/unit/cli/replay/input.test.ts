import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  mergeInputs,
  parseReplayInput,
  readReplayInput,
  readReplayInputs,
  ReplayInputError,
} from "@ecs-guardrails/cli/replay/input";
import { afterEach, describe, expect, it } from "vitest";

const task = { source: "aws.ecs", "detail-type": "ECS Task State Change", id: "e1" };
const alarm = { source: "aws.cloudwatch", "detail-type": "CloudWatch Alarm State Change", id: "e2" };
const service = { cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 2 };

function failure(text: string, file?: string): unknown {
  try {
    parseReplayInput(text, file);
  } catch (error) {
    return error;
  }
  throw new Error("expected parseReplayInput to throw");
}

describe("parseReplayInput", () => {
  it.each([
    ["a JSON array", JSON.stringify([task, alarm], null, 2)],
    ["JSON Lines", `${JSON.stringify(task)}\n${JSON.stringify(alarm)}\n`],
    [
      "JSON Lines with blank lines and CRLF endings",
      `\n${JSON.stringify(task)}\r\n\r\n   \n${JSON.stringify(alarm)}\r\n`,
    ],
    ["JSON Lines without a final newline", `${JSON.stringify(task)}\n${JSON.stringify(alarm)}`],
  ])("reads the events of %s in order", (_, text) => {
    const input = parseReplayInput(text);

    expect(input).toEqual({ events: [task, alarm], clusters: [], services: [], config: undefined, until: undefined });
  });

  it("reads a scenario object with its services, config and end time", () => {
    const text = JSON.stringify(
      { config: { mode: "observe" }, services: [service], events: [task], until: "2026-03-02T10:00:00Z" },
      null,
      2,
    );

    const input = parseReplayInput(text);

    expect(input).toEqual({
      events: [task],
      clusters: [],
      services: [service],
      config: { mode: "observe" },
      until: "2026-03-02T10:00:00Z",
    });
  });

  it("reads an export's tick lines apart from the envelopes: when live's reconcile ran", () => {
    const text = [task, { guardrails: "tick", at: "2026-11-20T10:05:02.502Z" }, alarm]
      .map((l) => JSON.stringify(l))
      .join("\n");

    const input = parseReplayInput(text);

    expect(input.events).toEqual([task, alarm]);
    expect(input.ticks).toEqual(["2026-11-20T10:05:02.502Z"]);
  });

  it("defaults a scenario's services to none", () => {
    expect(parseReplayInput(JSON.stringify({ events: [] })).services).toEqual([]);
  });

  it.each([
    ["is empty", "", "scenario.json is empty"],
    ["holds only whitespace", " \n\t\n", "scenario.json is empty"],
    ["has a bad line", `${JSON.stringify(task)}\n{not json\n`, "scenario.json line 2: not valid JSON"],
    [
      "has a bad line after leading blank lines",
      `\n\n${JSON.stringify(task)}\n{not json`,
      "scenario.json line 4: not valid JSON",
    ],
    [
      "is a scenario whose service lacks desiredCount",
      JSON.stringify({ services: [{ ...service, desiredCount: undefined }], events: [] }),
      "scenario.json: scenario services.0.desiredCount:",
    ],
    [
      "is a scenario whose events is not an array",
      JSON.stringify({ events: { 0: task } }),
      "scenario.json: scenario events:",
    ],
    [
      "is a one-line scenario missing events",
      JSON.stringify({ services: [service] }),
      "scenario.json: scenario events:",
    ],
    [
      "is a pretty-printed scenario missing events",
      JSON.stringify({ services: [service], until: "2026-03-02T10:00:00Z" }, null, 2),
      "scenario.json: scenario events:",
    ],
    [
      "has a tick line without a time",
      `${JSON.stringify(task)}\n${JSON.stringify({ guardrails: "tick", at: "soon" })}\n`,
      "scenario.json line 2: not a recorded tick",
    ],
    [
      "is a scenario with an unknown deployment key",
      JSON.stringify({
        services: [{ ...service, deployments: [{ id: "d1", taskDefinition: "web:1", colour: "blue" }] }],
        events: [],
      }),
      "scenario.json: scenario services.0.deployments.0",
    ],
  ])("rejects a file that %s, naming the file and the place", (_, text, message) => {
    const error = failure(text, "scenario.json");

    expect(error).toBeInstanceOf(ReplayInputError);
    expect((error as Error).message).toContain(message);
  });

  it("names the input 'input' when no file name is given", () => {
    expect((failure("{oops") as Error).message).toBe(
      "input line 1: not valid JSON (expected JSON Lines, a JSON array or a scenario object)",
    );
  });
});

describe("a JSON text with a syntax error", () => {
  it("names the line of the error in an array of one event a line, not line 1", () => {
    const events = Array.from(
      { length: 30 },
      (_, i) => `  ${JSON.stringify({ ...task, id: `e${i}` })}${i === 21 || i === 29 ? "" : ","}`,
    );
    const text = ["[", ...events, "]"].join("\n");

    // Line 23 lacks its comma: the parser stops where line 24 begins.
    expect((failure(text, "events.json") as Error).message).toBe(
      "events.json line 24 column 3: not valid JSON (Expected ',' or ']' after array element)",
    );
  });

  it("counts lines in the file as written, leading blank lines included", () => {
    expect((failure(`\n\n[\n  {"a": 1}\n  {"b": 2}\n]`, "f.json") as Error).message).toMatch(
      /^f\.json line 5 column 3: /,
    );
  });

  it("names the last line when the array is cut short", () => {
    expect((failure(`[\n  {"a": 1},\n  {"b": 2`, "f.json") as Error).message).toMatch(
      /^f\.json line 3 column \d+: not valid JSON/,
    );
  });

  it("names the line of an error in a multi-line scenario object", () => {
    expect((failure(`{\n  "events": [\n    {"a": 1},,\n  ]\n}`, "s.json") as Error).message).toBe(
      "s.json line 3 column 14: not valid JSON (Unexpected token ',')",
    );
  });
});

describe("recorded decisions in a stream", () => {
  const decision = {
    guardrails: "decision",
    at: "2026-11-21T09:05:00.000Z",
    cluster: "shop",
    service: "web",
    policy: "auto-rollback",
    action: "rollback",
    mode: "observe",
    verdict: "observed",
    reason: "3 failures",
  };

  it("keeps the decision lines apart from the events, a plain envelope stream staying valid", () => {
    const input = parseReplayInput(`${JSON.stringify(task)}\n${JSON.stringify(decision)}\n${JSON.stringify(alarm)}\n`);

    expect(input.events).toEqual([task, alarm]);
    expect(input.recorded).toEqual([decision]);
  });

  it("names the line of a decision line that lacks a field", () => {
    const broken = { ...decision, policy: undefined };
    expect((failure(`${JSON.stringify(task)}\n${JSON.stringify(broken)}\n`, "e.jsonl") as Error).message).toBe(
      "e.jsonl line 2: not a recorded decision (policy: Invalid input: expected string, received undefined)",
    );
  });
});

describe("services' starting states in an export", () => {
  const service = { cluster: "shop", name: "web", taskDefinition: "web:41", desiredCount: 2, deployments: [] };

  it("reads a service line as a scenario service, the one way replay seeds services", () => {
    const input = parseReplayInput(
      `${JSON.stringify({ guardrails: "service", ...service })}\n${JSON.stringify(task)}\n`,
    );

    expect(input.services).toEqual([service]);
    expect(input.events).toEqual([task]);
  });

  it("names the line of a service line that lacks a field", () => {
    const broken = { guardrails: "service", ...service, taskDefinition: undefined };
    expect((failure(`${JSON.stringify(broken)}\n`, "e.jsonl") as Error).message).toBe(
      "e.jsonl line 1: not a service's starting state (taskDefinition: Invalid input: expected string, received undefined)",
    );
  });
});

describe("several files", () => {
  const at = (id: string, time?: string) => ({ ...task, id, ...(time ? { time } : {}) });
  const plain = (events: unknown[]) => ({ events, clusters: [], services: [], config: undefined, until: undefined });

  it("interleaves events by time and keeps each file's own order, an untimed event staying with the one before it", () => {
    const merged = mergeInputs([
      {
        file: "a",
        input: plain([
          at("a1", "2026-01-01T00:00:01Z"),
          at("a2", "2026-01-01T00:00:05Z"),
          at("a3", "2026-01-01T00:00:02Z"),
        ]),
      },
      { file: "b", input: plain([at("b1", "2026-01-01T00:00:03Z"), at("b2"), at("b3", "2026-01-01T00:00:09Z")]) },
    ]);

    expect(merged.events.map((e) => (e as { id: string }).id)).toEqual(["a1", "b1", "b2", "a2", "a3", "b3"]);
    expect(merged.origins[2]).toEqual({ file: "b", index: 1 });
  });

  it("adds up services and clusters, takes the latest until, and refuses a second config or a service given twice", () => {
    const one = {
      ...plain([]),
      services: [service],
      clusters: [{ name: "prod" }],
      until: "2026-01-01T00:00:00Z",
      config: { a: 1 },
    };
    const two = { ...plain([]), services: [{ ...service, name: "api" }], until: "2026-02-01T00:00:00Z" };

    expect(
      mergeInputs([
        { file: "1", input: one },
        { file: "2", input: two },
      ]),
    ).toMatchObject({
      services: [service, { name: "api" }],
      clusters: [{ name: "prod" }],
      until: "2026-02-01T00:00:00Z",
      config: { a: 1 },
    });
    expect(() =>
      mergeInputs([
        { file: "1", input: one },
        { file: "2", input: { ...two, config: {} } },
      ]),
    ).toThrow("1 and 2 carry different configs: pass the one to replay with --config");
    expect(() =>
      mergeInputs([
        { file: "1", input: one },
        { file: "2", input: { ...one, config: undefined } },
      ]),
    ).toThrow("2: service prod/web is already described by 1");
  });

  it("combines files that carry the same config, and lets --config stand over files that differ", () => {
    const one = { ...plain([at("a1", "2026-01-01T00:00:01Z")]), config: { a: 1 } };
    const two = { ...plain([at("b1", "2026-01-01T00:00:02Z")]), config: { a: 1 } };
    const other = { ...two, config: { a: 2 } };

    expect(
      mergeInputs([
        { file: "1", input: one },
        { file: "2", input: two },
      ]).config,
    ).toEqual({ a: 1 });
    expect(
      mergeInputs(
        [
          { file: "1", input: one },
          { file: "2", input: other },
        ],
        { configGiven: true },
      ).events,
    ).toHaveLength(2);
  });

  it("reads every file named", () => {
    const dir = mkdtempSync(join(tmpdir(), "replay-inputs-"));
    writeFileSync(join(dir, "a.jsonl"), `${JSON.stringify(task)}\n`);
    writeFileSync(join(dir, "b.jsonl"), `${JSON.stringify(alarm)}\n`);

    expect(readReplayInputs([join(dir, "a.jsonl"), join(dir, "b.jsonl")]).events).toEqual([task, alarm]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("readReplayInput", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("reads and parses the file", () => {
    dir = mkdtempSync(join(tmpdir(), "replay-input-"));
    const file = join(dir, "events.jsonl");
    writeFileSync(file, `${JSON.stringify(task)}\n`);

    expect(readReplayInput(file).events).toEqual([task]);
  });

  it("reports a missing file by name and error code", () => {
    const file = join(tmpdir(), "replay-input-does-not-exist.jsonl");

    expect(() => readReplayInput(file)).toThrow(new ReplayInputError(`cannot read ${file}: ENOENT`));
  });

  it("reports an empty file by its path", () => {
    dir = mkdtempSync(join(tmpdir(), "replay-input-"));
    const file = join(dir, "empty.jsonl");
    writeFileSync(file, "");

    expect(() => readReplayInput(file)).toThrow(`${file} is empty`);
  });
});
