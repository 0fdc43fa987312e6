import { readFileSync } from "node:fs";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import type { EcsSimulator } from "../sim/api.ts";
import { applyScenario, type ScenarioRequests } from "../sim/create-api.ts";
import { EcsApiError } from "../sim/errors.ts";

// `npm start -- --scenario FILE`: the world to serve, written as the ECS requests that would
// build it ({ clusters, taskDefinitions, services, faults }, each request in the API's shape,
// as `aws ecs … --cli-input-json` takes it).

const KEYS = ["clusters", "taskDefinitions", "services", "faults"];

export function loadScenario(file: string): { apply(sim: EcsSimulator): string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GuardrailsError(`--scenario ${file}: ${code ? `cannot read it (${code})` : `not valid JSON: ${(error as Error).message}`}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new GuardrailsError(`--scenario ${file}: expected an object with ${KEYS.join(", ")}`);
  const unknown = Object.keys(parsed).filter((k) => !KEYS.includes(k));
  if (unknown.length) throw new GuardrailsError(`--scenario ${file}: unknown key ${unknown.join(", ")} (expected ${KEYS.join(", ")})`);
  for (const key of KEYS) {
    const v = (parsed as Record<string, unknown>)[key];
    if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === "object" && x !== null))) throw new GuardrailsError(`--scenario ${file}: ${key} must be a list of objects`);
  }
  const scenario = parsed as ScenarioRequests;
  return {
    apply(sim) {
      try {
        const n = applyScenario(sim, scenario);
        return `Scenario ${file}: ${n.clusters} clusters, ${n.taskDefinitions} task definitions, ${n.services} services created.`;
      } catch (error) {
        if (error instanceof EcsApiError) throw new GuardrailsError(`--scenario ${file}: ${error.name}: ${error.message}`);
        throw error;
      }
    },
  };
}
