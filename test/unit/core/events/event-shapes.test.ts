import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type * as z from "@ecs-guardrails/core/zod";
import { cloudWatchSchemas } from "@ecs-guardrails/core/events/cloudwatch";
import { ecsSchemas } from "@ecs-guardrails/core/events/ecs";
import { anyEnvelope } from "@ecs-guardrails/core/events/envelope";
import { EVENT_SHAPES, shapeProblems } from "@ecs-guardrails/core/events/event-shapes";
import { pipelineEventSchemas } from "@ecs-guardrails/core/events/pipeline-events";
import { describeIssues } from "@ecs-guardrails/core/events/zod-issues";

// The ingest reads its events with hand-written checks of the fields the engine reads
// (event-shapes.ts), not zod (issue 19: no zod at run time in the ingest). The zod schemas stay
// the reference: on every captured event and on every way each field can be wrong, both must
// accept the same events and name the same problems in the same words and order.

const ZOD: Record<string, () => z.ZodMiniType> = {
  "(any)": anyEnvelope,
  "ECS Task State Change": () => ecsSchemas().taskStateChange,
  "ECS Deployment State Change": () => ecsSchemas().deploymentStateChange,
  "ECS Service Action": () => ecsSchemas().serviceAction,
  "ECS Hook State Change": () => ecsSchemas().hookStateChange,
  "ECS Container Instance State Change": () => ecsSchemas().containerInstanceStateChange,
  "CloudWatch Alarm State Change": () => cloudWatchSchemas().alarmStateChange,
  "CodePipeline Pipeline Execution State Change": () => pipelineEventSchemas().pipelineExecutionStateChange,
  "CodePipeline Stage Execution State Change": () => pipelineEventSchemas().stageExecutionStateChange,
  "CodePipeline Action Execution State Change": () => pipelineEventSchemas().actionExecutionStateChange,
};

function zodProblems(type: string, raw: unknown): string[] {
  const result = ZOD[type]!().safeParse(raw);
  return result.success ? [] : describeIssues(result.error);
}

const FIXTURES = path.resolve(import.meta.dirname, "../../../fixtures");
const events = readdirSync(FIXTURES, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".json"))
  .map((f) => ({ name: f, json: JSON.parse(readFileSync(path.join(FIXTURES, f), "utf8")) as unknown }))
  .filter((e): e is { name: string; json: Record<string, unknown> } => {
    const json = e.json as Record<string, unknown> | null;
    return typeof json === "object" && json !== null && typeof json["detail-type"] === "string";
  });
const known = events.filter((e) => (e.json["detail-type"] as string) in ZOD);

/** Every field path in the event (objects and array elements, to any depth), the root's keys first. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

/** The event with the field at `at` replaced by `value` (removed when `value` is undefined). */
function withField(event: unknown, at: string[], value: unknown): unknown {
  const copy = structuredClone(event) as Record<string, unknown>;
  const parent = at.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, copy);
  if (value === undefined) delete parent[at.at(-1)!];
  else parent[at.at(-1)!] = value;
  return copy;
}

const WRONG: unknown[] = [
  undefined,
  null,
  "",
  "x",
  "2026-13-45T00:00:00Z",
  0,
  1.5,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  [1],
  ["x"],
  {},
  { a: 1 },
  { length: 0 },
];
// Fields every shape declares but a captured event may lack: added wrong, one at a time.
const DECLARED = [
  ["time"],
  ["region"],
  ["detail", "version"],
  ["detail", "exitCode"],
  ["detail", "containers"],
  ["detail", "createdAt"],
  ["detail", "reason"],
  ["detail", "previousState"],
  ["detail", "configuration"],
  ["detail", "type"],
  ["detail", "execution-trigger"],
  ["detail", "capacityProviderArns"],
  ["detail", "agentConnected"],
  ["detail", "expiresAt"],
];

describe("the ingest's event checks", () => {
  it("cover every detail type the zod schemas read, and the envelope of any other", () => {
    expect(Object.keys(EVENT_SHAPES).sort()).toEqual(Object.keys(ZOD).sort());
  });

  it("see every captured event the fixtures hold", () => {
    expect(known.length).toBeGreaterThanOrEqual(40);
  });

  it.each(known.map((e) => [e.name, e.json] as const))("accept %s as the zod schemas do", (_, json) => {
    const type = json["detail-type"] as string;

    expect(shapeProblems("(any)", json)).toEqual(zodProblems("(any)", json));
    expect(shapeProblems(type, json)).toEqual(zodProblems(type, json));
    expect(shapeProblems(type, json)).toEqual([]);
  });

  it.each(known.map((e) => [e.name, e.json] as const))(
    "name the same problems as the zod schemas for every field of %s set wrong",
    (_, json) => {
      const type = json["detail-type"] as string;
      const fields = [...paths(json), ...DECLARED];
      let compared = 0;
      for (const at of fields)
        for (const value of WRONG) {
          const wrong = withField(json, at, value);
          for (const t of ["(any)", type]) {
            expect(shapeProblems(t, wrong), `${t} ${at.join(".")} = ${JSON.stringify(value)}`).toEqual(
              zodProblems(t, wrong),
            );
            compared += 1;
          }
        }
      expect(compared).toBeGreaterThan(100);
    },
  );

  it.each([null, undefined, "x", 1, [], {}, { detail: "x" }, { resources: "x", detail: [] }])(
    "name the same problems as the zod schemas for a whole event of %j",
    (raw) => {
      for (const t of Object.keys(ZOD)) expect(shapeProblems(t, raw), t).toEqual(zodProblems(t, raw));
    },
  );
});
