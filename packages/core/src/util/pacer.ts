// A token bucket for calls against an API's own one (ECS throttles per account and region,
// docs/design/aws-facts.md#api-budgets-and-service-limits): `burst` calls at once, then `perSecond`. Waiting here is cheaper than being
// throttled: the SDK's retries give up after three attempts, and the shared budget is also what
// the ingest and reconcile functions need at the same moment.

export type Pacer = { take(): Promise<void> };

export function createPacer(
  options: { burst: number; perSecond: number },
  now: () => number = () => performance.now(),
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Pacer {
  let tokens = options.burst;
  let last = now();
  let queue = Promise.resolve();
  const refill = () => {
    const t = now();
    tokens = Math.min(options.burst, tokens + ((t - last) / 1000) * options.perSecond);
    last = t;
  };
  return {
    take() {
      // One waiter at a time, in order, so the bucket is never overdrawn by a crowd.
      const turn = queue.then(async () => {
        refill();
        if (tokens < 1) {
          await sleep(((1 - tokens) / options.perSecond) * 1000);
          refill();
        }
        tokens -= 1;
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
