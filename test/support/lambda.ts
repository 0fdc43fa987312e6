import { type ChatInvocation, runChatCommand } from "../../packages/core/src/capabilities/chat-command/run.ts";
import type { GuardrailsConfig } from "../../packages/core/src/config/schema.ts";
import type { Clock } from "../../packages/core/src/engine/ports.ts";
import { processEvent, type ProcessDeps } from "../../packages/core/src/engine/process-event.ts";
import { type ReconcileDeps, reconcileServices } from "../../packages/core/src/engine/reconcile.ts";
import type { FaultInjector } from "./faults.ts";
import type { TickArchive } from "../../packages/core/src/history/event-archive.ts";
import { keepTick } from "../../functions/handlers/reconcile.ts";

// Lambda's asynchronous invocation, as EventBridge and the scheduler use it (docs/design/aws-facts.md#api-budgets-and-service-limits): an
// invocation that fails (an error, a timeout, a crash) is retried twice, one minute and then two
// minutes later, with the same event; after that the event goes to the on-failure destination
// (a dead-letter queue). Time is simulated: deliveries run in time order, so a retry runs after
// the events that arrived in the meantime, and each invocation's clock reads its delivery time.

/**
 * One input: an EventBridge event (the envelope), or a run of the scheduled reconcile; with
 * `config`, the configuration deployed by then (a person switched a mode or the kill switch).
 */
export type Input = { label: string; at: string; config?: GuardrailsConfig } & (
  | { event: { id: string } }
  | { tick: true }
  // A chat command's invocation (a button pressed): retried with the same press id.
  | { chat: ChatInvocation }
);

export type Attempt = { at: string; error: string | undefined };
export type Outcome = { input: Input; attempts: Attempt[]; final: "processed" | "dead-letter" };

/** Lambda's defaults: two retries, one and two minutes after the failed attempt. */
export const RETRY_DELAYS_MS = [60_000, 120_000] as const;

type Delivery = { input: Input; at: number; attempt: number; seq: number };

/** What one invocation runs: the ingest function for an event, the reconcile for a tick. */
/** The ports both functions run with: the ingest's, and the reconcile's listing of services. */
export type LambdaDeps = ProcessDeps & ReconcileDeps & { ticks?: TickArchive };

export type Handler = (input: Input, deps: LambdaDeps) => Promise<unknown>;

/** The reconcile's log of a failed tick record: the harness judges outcomes, not log lines. */
const QUIET = { error: () => {} };

const useCases: Handler = (input, deps) =>
  "event" in input
    ? processEvent(input.event, deps)
    : "chat" in input
      ? runChatCommand(input.chat, deps)
      : // The reconcile function keeps its run's time first (a failed write never stops the tick).
        keepTick(deps, QUIET).then(() => reconcileServices(deps));

export type LambdaOptions = {
  deps: LambdaDeps;
  injector: FaultInjector;
  handler?: Handler;
  /**
   * EventBridge delivers at least once: deliver every input a second time, right after the
   * first (`true`), or at the same moment, two invocations racing (`"concurrent"`).
   */
  duplicates?: boolean | "concurrent";
};

export async function deliverAll(
  inputs: Input[],
  options: LambdaOptions,
): Promise<{ outcomes: Outcome[]; deadLetters: Outcome[] }> {
  const queue: Delivery[] = [];
  let seq = 0;
  const push = (d: Omit<Delivery, "seq">) => queue.push({ ...d, seq: seq++ });
  const outcomes = new Map<Input, Outcome>();
  for (const input of inputs) {
    const copies = options.duplicates ? [input, { ...input, label: `${input.label} (again)` }] : [input];
    for (const copy of copies) {
      outcomes.set(copy, { input: copy, attempts: [], final: "processed" });
      push({ input: copy, at: Date.parse(input.at), attempt: 0 });
    }
  }
  while (queue.length > 0) {
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const head = queue.shift()!;
    // Racing duplicates: the twin delivered at the same moment runs alongside.
    const twin =
      options.duplicates === "concurrent" && head.attempt === 0
        ? queue.findIndex((d) => d.at === head.at && d.attempt === 0 && d.input.label === `${head.input.label} (again)`)
        : -1;
    const batch = twin >= 0 ? [head, ...queue.splice(twin, 1)] : [head];
    const errors = await Promise.all(batch.map((d) => invokeOnce(d, options)));
    batch.forEach((delivery, i) => {
      const error = errors[i];
      const outcome = outcomes.get(delivery.input)!;
      outcome.attempts.push({ at: new Date(delivery.at).toISOString(), error });
      if (error === undefined) outcome.final = "processed";
      else if (delivery.attempt < RETRY_DELAYS_MS.length)
        push({
          input: delivery.input,
          at: delivery.at + RETRY_DELAYS_MS[delivery.attempt]!,
          attempt: delivery.attempt + 1,
        });
      else outcome.final = "dead-letter";
    });
  }
  const all = [...outcomes.values()];
  return { outcomes: all, deadLetters: all.filter((o) => o.final === "dead-letter") };
}

/** One invocation with fresh port wrappers and a clock at the delivery time; its error, if any. */
async function invokeOnce(
  delivery: Delivery,
  { deps, injector, handler = useCases }: LambdaOptions,
): Promise<string | undefined> {
  const clock: Clock = { now: () => new Date(delivery.at) };
  const { input } = delivery;
  const wrapped = injector.wrapDeps({ ...deps, clock, config: input.config ?? deps.config });
  try {
    await injector.invoke(`${input.label}#${delivery.attempt + 1}`, () => handler(input, wrapped));
    return undefined;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}
