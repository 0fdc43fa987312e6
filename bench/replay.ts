// npm run bench -- --replay: `guardrails replay` of the same busy-cluster stream, against the
// same DynamoDB Local the ingestion was measured on, so the two rates compare in one run.
import { replay } from "../packages/cli/src/replay/run.ts";
import type { ReplayInput } from "../packages/cli/src/replay/input.ts";

export type ReplayBench = {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  actions: number;
  notifications: number;
  rejected: number;
};

export async function benchReplay(
  events: unknown[],
  options: { dynamoEndpoint: string; concurrency: number; log: (line: string) => void },
): Promise<ReplayBench> {
  const input: ReplayInput = { events, clusters: [], services: [], config: undefined, until: undefined };
  const started = performance.now();
  let done = 0;
  const progress = setInterval(() => options.log(`  replay: ${done}/${events.length}`), 2000);
  try {
    const summary = await replay(input, {
      concurrency: options.concurrency,
      sharedDynamo: { endpoint: options.dynamoEndpoint, tableName: "bench-replay" },
      onLine: () => undefined,
      onEvent: (n) => void (done = n),
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      events: events.length,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(events.length / seconds),
      actions: summary.actions,
      notifications: summary.notifications,
      rejected: summary.rejected,
    };
  } finally {
    clearInterval(progress);
  }
}
