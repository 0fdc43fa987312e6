import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import { inject } from "vitest";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import type { EngineResult } from "@ecs-guardrails/core/engine/run";
import { factOf, parsed, serviceKey } from "@ecs-guardrails/cli/replay/facts";
import { learn } from "@ecs-guardrails/cli/replay/infer";
import { eventTime, readReplayInput, type ReplayInput } from "@ecs-guardrails/cli/replay/input";
import { actionLine, notificationLine, type ActionLine, type ReplayLine } from "@ecs-guardrails/cli/replay/lines";
import { replay, type ReplayOptions } from "@ecs-guardrails/cli/replay/run";
import { seedWorld } from "@ecs-guardrails/cli/replay/seed";
import { startStack } from "@ecs-guardrails/cli/runtime/stack";

// Replay and its reference: the same stream run "live" through `npm start`'s runtime — events
// put through the local EventBridge PutEvents intake at their times, the clock advanced in
// 1-second steps with the scheduled reconcile every 5 minutes, one event at a time.

export const REPLAY_FIXTURES = new URL("../fixtures/replay/", import.meta.url).pathname;
export const fixtureNames = () =>
  readdirSync(REPLAY_FIXTURES)
    .filter((f) => f.endsWith(".json"))
    .sort();
export const fixture = (name: string) => readReplayInput(`${REPLAY_FIXTURES}${name}`);

/** The integration run's DynamoDB Local, with a table of one's own. */
export const shared = () => ({ endpoint: inject("dynamoEndpoint"), tableName: `replay-${randomUUID().slice(0, 8)}` });

export type Outcome = { actions: Omit<ActionLine, "type">[]; notifications: string[]; lines: ReplayLine[] };

export async function replayed(input: ReplayInput, options: Partial<ReplayOptions> = {}): Promise<Outcome> {
  const lines: ReplayLine[] = [];
  await replay(input, { sharedDynamo: shared(), ...options, onLine: (l) => lines.push(l) });
  return outcome(lines);
}

function outcome(lines: ReplayLine[]): Outcome {
  return {
    lines,
    actions: lines.filter((l): l is ActionLine => l.type === "action").map(({ type: _, ...rest }) => rest),
    notifications: lines
      .filter((l) => l.type === "notification")
      .map((l) => (l.type === "notification" ? `${l.severity} ${l.title}` : "")),
  };
}

/** `table`: the DynamoDB Local table to leave the history in (a fresh one by default). */
export async function live(input: ReplayInput, table = shared()): Promise<Outcome> {
  const config = parseConfig(input.config ?? {});
  const events = input.events.map((e) => parsed(e));
  const knowledge = learn(events, new Set(input.services.map((s) => serviceKey(s.cluster, s.name))));
  const times = input.events.map(eventTime).filter((t): t is number => t !== undefined);
  const lines: ReplayLine[] = [];
  const decided = (results: EngineResult[]) => {
    for (const r of results) {
      const line = r.duplicate ? undefined : actionLine(r);
      if (line) lines.push(line);
    }
  };
  const stack = await startStack({
    config,
    start: Math.min(...times) - 1000,
    simulatorEmits: false,
    scheduleReconcile: true,
    sharedDynamo: table,
    // ECS's state is what the events say it is: the intake's events move the simulated ECS.
    onIntake: (e) => {
      const event = parsed(e);
      const fact = event && factOf(event, e, knowledge.revisions);
      if (fact) stack.sim.follow(fact);
    },
    onResult: (r) => decided(r.results),
    onReconcile: (r) => decided(r.results),
    onNotification: (m) => lines.push(notificationLine(m)),
  });
  const client = new EventBridgeClient({
    endpoint: stack.endpoints.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    seedWorld(stack.sim, input, knowledge);
    for (const [i, raw] of input.events.entries()) {
      // EventBridge never delivers an envelope that does not parse; replay reports those.
      if (!events[i]) continue;
      const e = raw as { source: string; "detail-type": string; detail: unknown; resources: string[]; time: string };
      await stack.advance(Math.max(0, Date.parse(e.time) - stack.clock.now()), 1000);
      await client.send(
        new PutEventsCommand({
          Entries: [
            {
              Source: e.source,
              DetailType: e["detail-type"],
              Detail: JSON.stringify(e.detail),
              Resources: e.resources,
              Time: new Date(e.time),
            },
          ],
        }),
      );
      await stack.drain();
    }
    if (input.until) await stack.advance(Math.max(0, Date.parse(input.until) - stack.clock.now()), 1000);
  } finally {
    client.destroy();
    await stack.stop();
  }
  return outcome(lines);
}

/** The scenario with every time moved so that its first event is `ago` milliseconds before now. */
export function movedToNow(input: ReplayInput, ago: number): ReplayInput {
  const first = Date.parse((input.events[0] as { time: string }).time);
  const shift = Date.now() - ago - first;
  const move = (value: unknown): unknown => {
    if (typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value))
      return new Date(Date.parse(value) + shift).toISOString().replace(".000Z", "Z");
    if (Array.isArray(value)) return value.map(move);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, move(v)]));
    return value;
  };
  return move(input) as ReplayInput;
}
