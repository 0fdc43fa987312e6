import { readFileSync } from "node:fs";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import type { EcsSimulator } from "@ecs-guardrails/sim/api";
import { applyScenario, type ScenarioRequests } from "@ecs-guardrails/sim/create-api";
import { EcsApiError } from "@ecs-guardrails/sim/errors";
import type { UsageProfile } from "@ecs-guardrails/sim/usage";
import type { SimulatedUsage } from "@ecs-guardrails/sim/usage-metrics";

// `npm start -- --scenario FILE`: the world to serve, written as the ECS requests that would
// build it ({ clusters, taskDefinitions, services, faults }, each request in the API's shape,
// as `aws ecs … --cli-input-json` takes it), plus `usage`: a CPU and memory profile per service
// (sim/usage.ts), served as CloudWatch metrics for right-sizing.

const KEYS = ["clusters", "taskDefinitions", "services", "faults", "usage"];

export function loadScenario(file: string): { apply(sim: EcsSimulator, usage?: SimulatedUsage): string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GuardrailsError(
      `--scenario ${file}: ${code ? `cannot read it (${code})` : `not valid JSON: ${(error as Error).message}`}`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new GuardrailsError(`--scenario ${file}: expected an object with ${KEYS.join(", ")}`);
  const unknown = Object.keys(parsed).filter((k) => !KEYS.includes(k));
  if (unknown.length)
    throw new GuardrailsError(`--scenario ${file}: unknown key ${unknown.join(", ")} (expected ${KEYS.join(", ")})`);
  for (const key of KEYS) {
    const v = (parsed as Record<string, unknown>)[key];
    if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === "object" && x !== null)))
      throw new GuardrailsError(`--scenario ${file}: ${key} must be a list of objects`);
  }
  const scenario = parsed as ScenarioRequests;
  const profiles = ((parsed as { usage?: unknown[] }).usage ?? []).map((u, i) =>
    usageEntry(file, u as Record<string, unknown>, i),
  );
  return {
    apply(sim, usage) {
      for (const p of profiles) usage?.setProfile(p, p.profile);
      try {
        const n = applyScenario(sim, scenario);
        return `Scenario ${file}: ${n.clusters} clusters, ${n.taskDefinitions} task definitions, ${n.services} services created.`;
      } catch (error) {
        if (error instanceof EcsApiError)
          throw new GuardrailsError(`--scenario ${file}: ${error.name}: ${error.message}`);
        throw error;
      }
    },
  };
}

type UsageEntry = { cluster: string; service: string; profile: UsageProfile };

/** `{"cluster", "service", "profile": {tasks, cpuUnits, memoryMiB, cpu: {low, high, peakHourUtc}, memory: {low, high}, …}}`. */
function usageEntry(file: string, u: Record<string, unknown>, i: number): UsageEntry {
  const where = `--scenario ${file}: usage[${i}]`;
  if (typeof u["cluster"] !== "string" || typeof u["service"] !== "string")
    throw new GuardrailsError(`${where}: needs "cluster" and "service" names`);
  const p = u["profile"] as Record<string, unknown> | undefined;
  const number = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;
  const range = (v: unknown, keys: string[]) =>
    typeof v === "object" && v !== null && keys.every((k) => number((v as Record<string, unknown>)[k]));
  if (
    !p ||
    !number(p["tasks"]) ||
    !number(p["cpuUnits"]) ||
    !number(p["memoryMiB"]) ||
    !range(p["cpu"], ["low", "high", "peakHourUtc"]) ||
    !range(p["memory"], ["low", "high"])
  ) {
    throw new GuardrailsError(
      `${where}: profile needs tasks, cpuUnits, memoryMiB, cpu {low, high, peakHourUtc} and memory {low, high} as numbers`,
    );
  }
  return { cluster: u["cluster"], service: u["service"], profile: p as unknown as UsageProfile };
}
