import { ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import { ThrottledException } from "@aws-sdk/client-sns";
import { describe, expect, it } from "vitest";
import { CrashSignal, FaultInjector, type Fault } from "../../support/faults.ts";

// The fault injector must itself be right, or the fault matrix proves nothing.

/** Ports that log what really ran, as adapters would have done it. */
function world() {
  const effects: string[] = [];
  const deps = {
    config: { killSwitch: false },
    clock: { now: () => new Date(0) },
    store: {
      async claim(key: string) {
        effects.push(`claim ${key}`);
        return "claimed";
      },
      async complete(key: string) {
        effects.push(`complete ${key}`);
      },
    },
    executors: {
      rollback: {
        async run() {
          effects.push("rollback");
          return "done";
        },
      },
    },
  };
  return { deps, effects };
}

const injector = (fault?: Fault) =>
  new FaultInjector({ ...(fault ? { fault } : {}), services: { store: "DynamoDB", notifier: "SNS" } });

describe("the fault injector", () => {
  it("numbers every port call of the invocations in order, ports nested in others included", async () => {
    const { deps } = world();
    const faults = injector();
    const wrapped = faults.wrapDeps(deps);
    await faults.invoke("first", async () => {
      await wrapped.store.claim("k");
      await wrapped.executors.rollback.run();
    });
    await faults.invoke("second", () => wrapped.store.complete("k"));
    expect(faults.calls.map((c) => [c.index, c.invocation, c.name])).toEqual([
      [1, "first", "store.claim"],
      [2, "first", "executors.rollback.run"],
      [3, "second", "store.complete"],
    ]);
  });

  it("lets a port's synchronous helpers through uncounted and unfaulted", async () => {
    const faults = injector({ at: 1, kind: "throw" });
    const executors = faults.wrapDeps({
      executors: { rollback: { inPlace: (n: number) => n + 1, apply: (n: number) => Promise.resolve(n * 2) } },
    }).executors;
    const results = await faults.invoke("i", async () => [
      executors.rollback.inPlace(1),
      await executors.rollback.apply(2).catch((e: Error) => e.message),
    ]);
    expect(results).toEqual([2, "injected fault: executors.rollback.apply failed"]);
    expect(faults.calls.map((c) => c.name)).toEqual(["executors.rollback.apply"]);
  });

  it("leaves the configuration and the clock alone", () => {
    const { deps } = world();
    const wrapped = injector().wrapDeps(deps);
    expect(wrapped.config).toBe(deps.config);
    expect(wrapped.clock).toBe(deps.clock);
  });

  it("fails the chosen call with a generic error that never reaches the real port", async () => {
    const { deps, effects } = world();
    const faults = injector({ at: 2, kind: "throw" });
    const wrapped = faults.wrapDeps(deps);
    await expect(
      faults.invoke("i", async () => {
        await wrapped.store.claim("k");
        await wrapped.store.complete("k");
      }),
    ).rejects.toThrow(/injected fault: store.complete failed/);
    expect(effects).toEqual(["claim k"]);
    expect(faults.fired?.name).toBe("store.complete");
  });

  it("throttles with the service's own exception class", async () => {
    const { deps } = world();
    const faults = injector({ at: 1, kind: "throttle" });
    const error = await faults.invoke("i", () => faults.wrapDeps(deps).store.claim("k")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
  });

  it("times out after the call took effect: the effect stays, the caller sees a TimeoutError", async () => {
    const { deps, effects } = world();
    const faults = injector({ at: 1, kind: "timeout" });
    const error = await faults.invoke("i", () => faults.wrapDeps(deps).store.claim("k")).catch((e: unknown) => e);
    expect((error as Error).name).toBe("TimeoutError");
    expect(effects).toEqual(["claim k"]);
  });

  it("crashes after the call took effect, and no code of the invocation runs after it, not even a catch", async () => {
    const { deps, effects } = world();
    const faults = injector({ at: 1, kind: "crash" });
    const wrapped = faults.wrapDeps(deps);
    let caught = false;
    const run = faults.invoke("i", async () => {
      try {
        await wrapped.store.claim("k");
      } catch {
        caught = true;
      }
      await wrapped.store.complete("k");
    });
    await expect(run).rejects.toBeInstanceOf(CrashSignal);
    await new Promise((r) => setTimeout(r, 20));
    expect(caught).toBe(false);
    expect(effects).toEqual(["claim k"]);
  });

  it("keeps the stray branches of a crashed invocation from calling any port, even while the next one runs", async () => {
    const { deps, effects } = world();
    const faults = injector({ at: 1, kind: "crash" });
    const wrapped = faults.wrapDeps(deps);
    const crashed = faults.invoke("crashed", () =>
      Promise.all([
        wrapped.store.claim("a"),
        (async () => {
          await new Promise((r) => setTimeout(r, 10));
          await wrapped.store.complete("stray");
        })(),
      ]),
    );
    await expect(crashed).rejects.toBeInstanceOf(CrashSignal);
    await faults.invoke("next", async () => {
      await new Promise((r) => setTimeout(r, 20));
      await wrapped.store.claim("b");
    });
    expect(effects).toEqual(["claim a", "claim b"]);
    expect(faults.calls.map((c) => `${c.invocation} ${c.name}`)).toEqual(["crashed store.claim", "next store.claim"]);
  });

  it("numbers an SDK client's requests by command, inside the port call that sent them", async () => {
    class PublishCommand {}
    const sent: string[] = [];
    const faults = injector({ at: 2, kind: "throttle" });
    const client = faults.wrapClient({ send: async (c: object) => void sent.push(c.constructor.name) }, "SNS");
    const notifier = faults.wrapDeps({ notifier: { publish: async () => client.send(new PublishCommand()) } }).notifier;
    const error = await faults.invoke("i", () => notifier.publish()).catch((e: unknown) => e);
    expect(faults.calls.map((c) => [c.name, c.within])).toEqual([
      ["notifier.publish", undefined],
      ["SNS.Publish", "notifier.publish"],
    ]);
    expect(error).toBeInstanceOf(ThrottledException);
    expect(sent).toEqual([]);
  });

  it("fails every call of one name when the fault persists", async () => {
    const { deps, effects } = world();
    const faults = injector({ every: "store.claim", kind: "throw" });
    const wrapped = faults.wrapDeps(deps);
    for (const label of ["a", "b"])
      await expect(faults.invoke(label, () => wrapped.store.claim(label))).rejects.toThrow(/injected fault/);
    expect(effects).toEqual([]);
  });
});
