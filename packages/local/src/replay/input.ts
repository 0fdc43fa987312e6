import { readFileSync } from "node:fs";
import { z } from "zod";
import { GuardrailsError } from "@ecs-guardrails/core/errors";

// What `guardrails replay FILE` accepts: JSON Lines or a JSON array of EventBridge envelopes,
// or a scenario object { config?, services?, events, until? }.

export class ReplayInputError extends GuardrailsError {
  override name = "ReplayInputError";
}

const deployment = z.strictObject({
  id: z.string().min(1),
  taskDefinition: z.string().min(1),
  status: z.enum(["PRIMARY", "ACTIVE"]).optional(),
  rolloutState: z.enum(["IN_PROGRESS", "COMPLETED", "FAILED"]).optional(),
  createdAt: z.string().optional(),
});

export const scenarioService = z.looseObject({
  cluster: z.string().min(1),
  name: z.string().min(1),
  taskDefinition: z.string().min(1),
  desiredCount: z.number().int().min(0),
  capacityProviderStrategy: z.array(z.looseObject({ capacityProvider: z.string(), base: z.number().optional(), weight: z.number().optional() })).optional(),
  deploymentConfiguration: z.looseObject({}).optional(),
  deployments: z.array(deployment).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});
export type ScenarioService = z.infer<typeof scenarioService>;

const scenario = z.looseObject({
  config: z.unknown().optional(),
  services: z.array(scenarioService).default([]),
  events: z.array(z.unknown()),
  until: z.string().optional(),
});

export type ReplayInput = { events: unknown[]; services: ScenarioService[]; config: unknown; until: string | undefined };

export function readReplayInput(file: string): ReplayInput {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ReplayInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseReplayInput(text, file);
}

export function parseReplayInput(text: string, file = "input"): ReplayInput {
  const trimmed = text.trim();
  if (trimmed === "") throw new ReplayInputError(`${file} is empty`);
  const whole = tryJson(trimmed);
  if (Array.isArray(whole)) return { events: whole, services: [], config: undefined, until: undefined };
  if (isScenario(whole)) {
    const parsed = scenario.safeParse(whole);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ReplayInputError(`${file}: scenario ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    }
    return { events: parsed.data.events, services: parsed.data.services, config: parsed.data.config, until: parsed.data.until };
  }
  // Split the untrimmed text so reported line numbers match the file's.
  return { events: jsonLines(text, file), services: [], config: undefined, until: undefined };
}

// A scenario that lacks `events` (a typo) must fail as a scenario, not replay as one event.
const SCENARIO_KEYS = ["events", "services", "config", "until"];
function isScenario(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && SCENARIO_KEYS.some((k) => k in value);
}

function jsonLines(text: string, file: string): unknown[] {
  return text.split("\n").flatMap((line, i) => {
    if (line.trim() === "") return [];
    const value = tryJson(line);
    if (value === undefined) throw new ReplayInputError(`${file} line ${i + 1}: not valid JSON (expected JSON Lines, a JSON array or a scenario object)`);
    return [value];
  });
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
