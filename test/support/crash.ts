import type { ProcessDeps } from "../../packages/core/src/engine/process-event.ts";

// A crash as Lambda sees it: the invocation stops at a chosen port call and never goes on.
// The call itself may already have taken effect (`after`), and nothing the engine could catch
// is thrown: the invocation's promise simply never settles.

type PortName = "store" | "ecs" | "notifier" | "history";

/** Makes the next call of `port.method` die — before it runs, or after it took effect. */
export function crashAt(deps: ProcessDeps, port: PortName, method: string, when: "before" | "after" = "before") {
  const target = deps[port] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[method]!;
  let armed = true;
  const crashed = { happened: false };
  target[method] = async function (this: unknown, ...args: unknown[]) {
    if (!armed) return original.apply(target, args);
    armed = false;
    crashed.happened = true;
    if (when === "after") await original.apply(target, args);
    return new Promise(() => undefined);
  };
  return crashed;
}

/** Delivers to an invocation that may die: resolves when it finished or was seen to hang. */
export async function deliverMayDie(
  invocation: Promise<unknown>,
  crashed: { happened: boolean },
): Promise<"finished" | "died"> {
  const died = new Promise<"died">((resolve) => {
    const poll = setInterval(() => {
      if (crashed.happened) {
        clearInterval(poll);
        // Give the dead invocation's last call time to land (it was run before hanging).
        setTimeout(() => resolve("died"), 50);
      }
    }, 5);
    void invocation.finally(() => clearInterval(poll));
  });
  return Promise.race([invocation.then(() => "finished" as const), died]);
}
