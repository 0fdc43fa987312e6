import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseReplayInput, readReplayInput, ReplayInputError } from "@ecs-guardrails/local/replay/input";
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
    ["JSON Lines with blank lines and CRLF endings", `\n${JSON.stringify(task)}\r\n\r\n   \n${JSON.stringify(alarm)}\r\n`],
    ["JSON Lines without a final newline", `${JSON.stringify(task)}\n${JSON.stringify(alarm)}`],
  ])("reads the events of %s in order", (_, text) => {
    const input = parseReplayInput(text);

    expect(input).toEqual({ events: [task, alarm], clusters: [], services: [], config: undefined, until: undefined });
  });

  it("reads a scenario object with its services, config and end time", () => {
    const text = JSON.stringify({ config: { mode: "observe" }, services: [service], events: [task], until: "2026-03-02T10:00:00Z" }, null, 2);

    const input = parseReplayInput(text);

    expect(input).toEqual({ events: [task], clusters: [], services: [service], config: { mode: "observe" }, until: "2026-03-02T10:00:00Z" });
  });

  it("defaults a scenario's services to none", () => {
    expect(parseReplayInput(JSON.stringify({ events: [] })).services).toEqual([]);
  });

  it.each([
    ["is empty", "", "scenario.json is empty"],
    ["holds only whitespace", " \n\t\n", "scenario.json is empty"],
    ["has a bad line", `${JSON.stringify(task)}\n{not json\n`, "scenario.json line 2: not valid JSON"],
    ["has a bad line after leading blank lines", `\n\n${JSON.stringify(task)}\n{not json`, "scenario.json line 4: not valid JSON"],
    ["is a scenario whose service lacks desiredCount", JSON.stringify({ services: [{ ...service, desiredCount: undefined }], events: [] }), "scenario.json: scenario services.0.desiredCount:"],
    ["is a scenario whose events is not an array", JSON.stringify({ events: { 0: task } }), "scenario.json: scenario events:"],
    ["is a one-line scenario missing events", JSON.stringify({ services: [service] }), "scenario.json: scenario events:"],
    ["is a pretty-printed scenario missing events", JSON.stringify({ services: [service], until: "2026-03-02T10:00:00Z" }, null, 2), "scenario.json: scenario events:"],
    ["is a scenario with an unknown deployment key", JSON.stringify({ services: [{ ...service, deployments: [{ id: "d1", taskDefinition: "web:1", colour: "blue" }] }], events: [] }), "scenario.json: scenario services.0.deployments.0"],
  ])("rejects a file that %s, naming the file and the place", (_, text, message) => {
    const error = failure(text, "scenario.json");

    expect(error).toBeInstanceOf(ReplayInputError);
    expect((error as Error).message).toContain(message);
  });

  it("names the input 'input' when no file name is given", () => {
    expect((failure("{oops") as Error).message).toBe("input line 1: not valid JSON (expected JSON Lines, a JSON array or a scenario object)");
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
