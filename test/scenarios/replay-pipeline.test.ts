import { expect, it } from "vitest";
import { readReplayInput } from "../../packages/cli/src/replay/input.ts";
import { replayed } from "../support/replay.ts";

// `guardrails replay` with CodePipeline job events in a scenario: each is handed to the pipeline
// function as CodePipeline would, and its answer is a "pipeline-result" line.

const SCENARIO = new URL("../fixtures/pipeline/pipeline-jobs-scenario.json", import.meta.url).pathname;

it("prints one pipeline-result line per job, answered once even when the job comes twice", async () => {
  const { lines } = await replayed(readReplayInput(SCENARIO));
  const results = lines.filter((l) => l.type === "pipeline-result");

  expect(results).toEqual([
    expect.objectContaining({
      jobId: "7e5a0000-0000-4000-8000-000000000001",
      mode: "gate",
      outcome: "success",
      status: "answered",
      outputVariables: expect.objectContaining({ gate: "passed", currentDeploymentId: "ecs-svc/1111111111111111111" }),
    }),
    expect.objectContaining({
      jobId: "7e5a0000-0000-4000-8000-000000000002",
      outcome: "failure",
      failureType: "ConfigurationError",
      message: "UserParameters.service is required",
    }),
    expect.objectContaining({
      jobId: "7e5a0000-0000-4000-8000-000000000003",
      mode: "verify",
      outcome: "success",
      continues: true,
      status: "answered",
    }),
    expect.objectContaining({ jobId: "7e5a0000-0000-4000-8000-000000000003", status: "duplicate" }),
  ]);
  expect(lines.filter((l) => l.type === "rejected")).toEqual([]);
  expect(lines.at(-1)).toMatchObject({ type: "summary", events: 5, rejected: 0 });
}, 60_000);
