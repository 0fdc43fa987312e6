import { readFileSync } from "node:fs";
import { z } from "zod";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { isRecordedLine, RECORDED_KEY, recordedDecision, recordedTick, type RecordedDecision } from "./recorded.ts";

// What `guardrails replay FILE...` accepts: JSON Lines or a JSON array of EventBridge envelopes,
// or a scenario object { config?, clusters?, services?, events, until? }. Several files are
// merged by event time, each file's own order kept.

export class ReplayInputError extends GuardrailsError {
  override name = "ReplayInputError";
}

const deployment = z.strictObject({
  id: z.string().min(1),
  taskDefinition: z.string().min(1),
  // INACTIVE: drained before the stream, only ECS's deployment history names it.
  status: z.enum(["PRIMARY", "ACTIVE", "INACTIVE"]).optional(),
  rolloutState: z.enum(["IN_PROGRESS", "COMPLETED", "FAILED"]).optional(),
  createdAt: z.string().optional(),
  // The deployment's own revision, where it differs from the service's: a stream cannot tell.
  capacityProviderStrategy: z
    .array(z.looseObject({ capacityProvider: z.string(), base: z.number().optional(), weight: z.number().optional() }))
    .optional(),
  networkConfiguration: z.looseObject({}).optional(),
  launchType: z.string().optional(),
});

export const scenarioService = z.looseObject({
  // A member account's service (docs/replay.md#several-accounts); absent: home's.
  account: z
    .string()
    .regex(/^\d{12}$/, "an account id is 12 digits")
    .optional(),
  region: z.string().min(1).optional(),
  cluster: z.string().min(1),
  name: z.string().min(1),
  taskDefinition: z.string().min(1),
  desiredCount: z.number().int().min(0),
  capacityProviderStrategy: z
    .array(z.looseObject({ capacityProvider: z.string(), base: z.number().optional(), weight: z.number().optional() }))
    .optional(),
  deploymentConfiguration: z.looseObject({}).optional(),
  deploymentController: z.strictObject({ type: z.enum(["ECS", "CODE_DEPLOY", "EXTERNAL"]) }).optional(),
  deployments: z.array(deployment).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});
export type ScenarioService = z.infer<typeof scenarioService>;

/** A cluster and the capacity providers associated with it (Auto Scaling group providers by name). */
export const scenarioCluster = z.strictObject({
  name: z.string().min(1),
  capacityProviders: z.array(z.string().min(1)).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});
export type ScenarioCluster = z.infer<typeof scenarioCluster>;

const scenario = z.looseObject({
  config: z.unknown().optional(),
  clusters: z.array(scenarioCluster).default([]),
  services: z.array(scenarioService).default([]),
  events: z.array(z.unknown()),
  until: z.string().optional(),
});

export type ReplayInput = {
  events: unknown[];
  clusters: ScenarioCluster[];
  services: ScenarioService[];
  config: unknown;
  until: string | undefined;
  /** Decisions live recorded (an export's `{"guardrails":"decision"}` lines), when the stream has any. */
  recorded?: RecordedDecision[];
  /** When live's reconcile ran (an export's `{"guardrails":"tick"}` lines), when the stream has any. */
  ticks?: string[];
};

/** Where a merged event came from, so a rejected one is named by its file and place. */
export type Origin = { file: string; index: number };
export type MergedInput = ReplayInput & { origins: Origin[] };

/** Reads every file and merges their events by time (see mergeInputs). */
export function readReplayInputs(files: readonly string[], options: MergeOptions = {}): MergedInput {
  return mergeInputs(
    files.map((file) => ({ file, input: readReplayInput(file) })),
    options,
  );
}

/** `configGiven`: --config names the configuration, so the files' own configs do not count. */
export type MergeOptions = { configGiven?: boolean };

/**
 * One stream from several: events interleaved by time while each file keeps its own order (a
 * k-way merge, not a sort, so out-of-order delivery inside a recording is replayed as recorded).
 * Clusters and services add up; a service or config given twice is refused.
 */
export function mergeInputs(
  parts: readonly { file: string; input: ReplayInput }[],
  options: MergeOptions = {},
): MergedInput {
  const configs = parts.filter((p) => p.input.config !== undefined);
  const differing = configs.find((p) => JSON.stringify(p.input.config) !== JSON.stringify(configs[0]!.input.config));
  if (differing && !options.configGiven)
    throw new ReplayInputError(
      `${configs[0]!.file} and ${differing.file} carry different configs: pass the one to replay with --config`,
    );
  const services = new Map<string, { file: string; service: ScenarioService }>();
  for (const { file, input } of parts) {
    for (const service of input.services) {
      const key = `${service.account ? `${service.account}/${service.region ?? "-"}/` : ""}${service.cluster}/${service.name}`;
      const first = services.get(key);
      if (first) throw new ReplayInputError(`${file}: service ${key} is already described by ${first.file}`);
      services.set(key, { file, service });
    }
  }
  const untils = parts.map((p) => p.input.until).filter((u): u is string => u !== undefined);
  const { events, origins } = mergeByTime(parts.map((p) => ({ file: p.file, events: p.input.events })));
  const recorded = parts.flatMap((p) => p.input.recorded ?? []).sort((a, b) => a.at.localeCompare(b.at));
  const ticks = parts.flatMap((p) => p.input.ticks ?? []);
  return {
    ...(recorded.length ? { recorded } : {}),
    ...(ticks.length ? { ticks } : {}),
    events,
    origins,
    clusters: parts.flatMap((p) => p.input.clusters),
    services: [...services.values()].map((s) => s.service),
    config: configs[0]?.input.config,
    until: untils.sort((a, b) => Date.parse(b) - Date.parse(a))[0],
  };
}

function mergeByTime(files: readonly { file: string; events: readonly unknown[] }[]): {
  events: unknown[];
  origins: Origin[];
} {
  // An event without a time sorts with the one before it in its file.
  const times = files.map(({ events }) => {
    let last = Number.NEGATIVE_INFINITY;
    return events.map((e) => (last = eventTime(e) ?? last));
  });
  const next = files.map(() => 0);
  const events: unknown[] = [];
  const origins: Origin[] = [];
  for (;;) {
    let pick = -1;
    for (let f = 0; f < files.length; f += 1) {
      if (next[f]! >= files[f]!.events.length) continue;
      if (pick < 0 || times[f]![next[f]!]! < times[pick]![next[pick]!]!) pick = f;
    }
    if (pick < 0) return { events, origins };
    const index = next[pick]!;
    next[pick] = index + 1;
    events.push(files[pick]!.events[index]);
    origins.push({ file: files[pick]!.file, index });
  }
}

export function eventTime(event: unknown): number | undefined {
  const time = (event as { time?: unknown } | null)?.time;
  const ms = typeof time === "string" ? Date.parse(time) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

export function readReplayInput(file: string): ReplayInput {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ReplayInputError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseReplayInput(text, file);
}

export function parseReplayInput(text: string, file = "input"): ReplayInput {
  const trimmed = text.trim();
  if (trimmed === "") throw new ReplayInputError(`${file} is empty`);
  const whole = tryJson(trimmed);
  if (Array.isArray(whole)) return plain(whole, file, (i) => `element ${i}`);
  if (isScenario(whole)) {
    const parsed = scenario.safeParse(whole);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ReplayInputError(`${file}: scenario ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    }
    const { events, clusters, services, config, until } = parsed.data;
    return { events, clusters, services, config, until };
  }
  // A JSON array, or an object spread over several lines, is one JSON text: name where it breaks.
  if (
    whole === undefined &&
    (trimmed.startsWith("[") ||
      (trimmed.startsWith("{") && trimmed.includes("\n") && tryJson(trimmed.split("\n")[0]!) === undefined))
  ) {
    throw new ReplayInputError(`${file} ${syntaxError(text)}`);
  }
  // Split the untrimmed text so reported line numbers match the file's.
  const lines = jsonLines(text, file);
  return plain(
    lines.map((l) => l.value),
    file,
    (i) => `line ${lines[i]!.line}`,
  );
}

/** Envelopes, and an export's service and decision lines apart from them (each checked where it stands). */
function plain(values: unknown[], file: string, lineOf: (index: number) => string): ReplayInput {
  const events: unknown[] = [];
  const recorded: RecordedDecision[] = [];
  const services: ScenarioService[] = [];
  const ticks: string[] = [];
  values.forEach((value, index) => {
    if (!isRecordedLine(value)) return events.push(value);
    if ((value as Record<string, unknown>)[RECORDED_KEY] === "tick") {
      const tick = recordedTick.safeParse(value);
      if (tick.success) return ticks.push(tick.data.at);
      throw new ReplayInputError(`${file} ${lineOf(index)}: not a recorded tick (at: an ISO time is required)`);
    }
    if ((value as Record<string, unknown>)[RECORDED_KEY] === "service") {
      const { [RECORDED_KEY]: _, ...service } = value as Record<string, unknown>;
      const seed = scenarioService.safeParse(service);
      if (seed.success) return services.push(seed.data);
      const issue = seed.error.issues[0]!;
      throw new ReplayInputError(
        `${file} ${lineOf(index)}: not a service's starting state (${issue.path.join(".") || "(root)"}: ${issue.message})`,
      );
    }
    const parsed = recordedDecision.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ReplayInputError(
        `${file} ${lineOf(index)}: not a recorded decision (${issue.path.join(".") || "(root)"}: ${issue.message})`,
      );
    }
    return recorded.push(parsed.data);
  });
  return {
    events,
    clusters: [],
    services,
    config: undefined,
    until: undefined,
    ...(recorded.length ? { recorded } : {}),
    ...(ticks.length ? { ticks } : {}),
  };
}

/** "line 23 column 5: not valid JSON (…)", from the parser's own message, counted in the untrimmed text. */
function syntaxError(text: string): string {
  const message = parseError(text) ?? "not valid JSON";
  const at = /\(line (\d+) column (\d+)\)/.exec(message);
  const position = /at position (\d+)/.exec(message);
  const offset = at ? undefined : position ? Number(position[1]) : errorOffset(text);
  const line = at ? Number(at[1]) : text.slice(0, offset).split("\n").length;
  const column = at ? Number(at[2]) : offset! - text.lastIndexOf("\n", offset! - 1);
  // V8 quotes the text around some errors: the place is named above, so the quote goes.
  const why = message.replace(/ in JSON at position \d+.*$/, "").replace(/, (\.\.\.)?".*" is not valid JSON$/s, "");
  return `line ${line} column ${column}: not valid JSON (${why})`;
}

function parseError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Where parsing breaks when the parser does not say: the shortest prefix that fails for a
 * reason other than ending too soon (once a prefix has the error, every longer one has it too).
 */
function errorOffset(text: string): number {
  // A prefix that merely stops early fails at its very end (or says so); one that holds the error fails before.
  const broken = (k: number) => {
    const m = parseError(text.slice(0, k));
    if (m === undefined) return false;
    const at = /at position (\d+)/.exec(m);
    return at ? Number(at[1]) < k : !/^(Unexpected end of JSON input|Unterminated string)/.test(m);
  };
  let [lo, hi] = [0, text.length];
  if (!broken(hi)) return text.trimEnd().length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (broken(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

// A scenario that lacks `events` (a typo) must fail as a scenario, not replay as one event.
const SCENARIO_KEYS = ["events", "services", "config", "until"];
function isScenario(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && SCENARIO_KEYS.some((k) => k in value);
}

function jsonLines(text: string, file: string): { value: unknown; line: number }[] {
  return text.split("\n").flatMap((line, i) => {
    if (line.trim() === "") return [];
    const value = tryJson(line);
    if (value === undefined)
      throw new ReplayInputError(
        `${file} line ${i + 1}: not valid JSON (expected JSON Lines, a JSON array or a scenario object)`,
      );
    return [{ value, line: i + 1 }];
  });
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
