import { AsyncLocalStorage } from "node:async_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { ApplicationAutoScalingServiceException } from "@aws-sdk/client-application-auto-scaling";
import { ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import { ECSServiceException } from "@aws-sdk/client-ecs";
import { ThrottledException } from "@aws-sdk/client-sns";

// A fault injector for the engine's ports. It numbers every call an invocation makes — the
// port calls (deps.store.claim, deps.ecs.updateService, ...) and, for SDK clients handed to
// `wrapClient`, the requests the adapters send inside them — and makes call N fail in one of
// four ways:
//   throw     a generic error; the call never reached the service
//   throttle  the service's throttling error (its SDK's own class); the call never took effect
//   timeout   the call took effect, but its answer is lost: a TimeoutError after a short delay
//   crash     the call took effect, then the invocation is gone: nothing after it runs, and no
//             engine code can catch it (the invocation is raced against a crash signal and
//             dropped; every later call of that invocation hangs without running)
// Calls are attributed to their invocation through AsyncLocalStorage, so the stray branches of
// a crashed invocation (the other halves of a Promise.all) are never counted against the next.

export const FAULT_KINDS = ["throw", "throttle", "timeout", "crash"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One call by its number (`at`), or every call of one name (`every`: a fault that persists). */
export type Fault = { kind: FaultKind } & ({ at: number } | { every: string });

export type CallRecord = {
  /** 1-based, in the order the calls were made across all invocations of a run. */
  index: number;
  invocation: string;
  /** `store.claim` for a port call, `DynamoDB.TransactWriteItems` for an SDK request. */
  name: string;
  level: "port" | "sdk";
  /** The port call an SDK request was made in. */
  within: string | undefined;
};

/** Which AWS service answers a port, to throw that service's throttling error. */
export type AwsService = "DynamoDB" | "ECS" | "SNS" | "ApplicationAutoScaling";

/** The dependencies that are not ports: configuration, the clock and the pure policies. */
const NOT_PORTS = new Set(["config", "clock", "policies"]);

/** Thrown into the driver (never into the engine) when an invocation crashed. */
export class CrashSignal extends Error {
  override name = "CrashSignal";
}

type Invocation = { label: string; crashed: boolean; signal: (error: CrashSignal) => void };
type Context = { invocation: Invocation; within: string | undefined };

export class FaultInjector {
  readonly calls: CallRecord[] = [];
  /** The call the fault hit, once it has. */
  fired: CallRecord | undefined;
  private fault: Fault | undefined;
  private readonly services: Record<string, AwsService>;
  private readonly context = new AsyncLocalStorage<Context>();

  /** `services` maps a port's name (`store`) to the AWS service behind it, for throttling. */
  constructor(options: { fault?: Fault; services?: Record<string, AwsService> } = {}) {
    this.fault = options.fault;
    this.services = options.services ?? {};
  }

  /** The fault is over (the service recovered): calls from now on run as they are. */
  lift(): void {
    this.fault = undefined;
  }

  /** A copy of the engine's deps with every port object wrapped (Proxy, any method). */
  wrapDeps<T extends object>(deps: T): T {
    const out: Record<string, unknown> = { ...(deps as Record<string, unknown>) };
    for (const [name, value] of Object.entries(deps)) {
      if (!NOT_PORTS.has(name) && isWrappable(value)) out[name] = this.port(value, name, name);
    }
    return out as T;
  }

  /** An SDK client whose `send` is numbered and faulted like a port call. */
  wrapClient<C extends { send: (...args: never[]) => Promise<unknown> }>(client: C, service: AwsService): C {
    return new Proxy(client, {
      get: (target, prop) => {
        const value = Reflect.get(target, prop, target) as unknown;
        if (prop !== "send" || typeof value !== "function") return value;
        return (command: object, ...rest: unknown[]) =>
          this.call(`${service}.${command.constructor.name.replace(/Command$/, "")}`, "sdk", service, () =>
            (value as (...a: unknown[]) => Promise<unknown>).apply(target, [command, ...rest]),
          );
      },
    });
  }

  /**
   * Runs one invocation. Resolves or rejects as the engine does, or rejects with CrashSignal
   * when the fault crashed it — without waiting for the engine, whose remaining work hangs.
   */
  invoke<R>(label: string, run: () => Promise<R>): Promise<R> {
    let signal!: (error: CrashSignal) => void;
    const crashed = new Promise<never>((_, reject) => (signal = reject));
    const invocation: Invocation = { label, crashed: false, signal };
    return Promise.race([this.context.run({ invocation, within: undefined }, run), crashed]);
  }

  private port<T extends object>(target: T, path: string, root: string): T {
    return new Proxy(target, {
      get: (t, prop) => {
        const value = Reflect.get(t, prop, t) as unknown;
        if (typeof prop === "symbol" || prop === "then" || prop === "constructor" || isBuiltinMethod(t, prop, value))
          return value;
        if (typeof value === "function") {
          const fn = value as (...a: unknown[]) => unknown;
          const name = `${path}.${prop}`;
          if (isAsyncFunction(fn))
            return (...args: unknown[]) => this.call(name, "port", this.services[root], () => fn.apply(t, args));
          // A plain function: a pure helper (an executor's inPlace) passes through uncounted; one
          // that returns a promise is a port call whose request started before a fault can hit it.
          return (...args: unknown[]) => {
            const out = fn.apply(t, args);
            if (!isThenable(out)) return out;
            out.then(undefined, () => {});
            return this.call(name, "port", this.services[root], () => out);
          };
        }
        // Ports may group others (an executors object): wrap them too.
        return isWrappable(value) ? this.port(value, `${path}.${prop}`, root) : value;
      },
    });
  }

  private hits(record: CallRecord): boolean {
    if (!this.fault) return false;
    return "at" in this.fault ? this.fault.at === record.index : this.fault.every === record.name;
  }

  private call(
    name: string,
    level: CallRecord["level"],
    service: AwsService | undefined,
    real: () => unknown,
  ): unknown {
    const ctx = this.context.getStore();
    // Outside an invocation (a test reading the history afterwards): not counted.
    if (!ctx) return real();
    const { invocation } = ctx;
    // The process is gone: a stray branch of a crashed invocation does nothing more.
    if (invocation.crashed) return hang();
    const record: CallRecord = {
      index: this.calls.length + 1,
      invocation: invocation.label,
      name,
      level,
      within: ctx.within,
    };
    this.calls.push(record);
    const run = () => (level === "port" ? this.context.run({ invocation, within: name }, real) : real());
    const kind = this.hits(record) ? this.fault!.kind : undefined;
    if (!kind) return run();
    this.fired ??= record;
    switch (kind) {
      case "throw":
        return Promise.reject(new Error(`injected fault: ${name} failed`));
      case "throttle":
        return Promise.reject(throttlingError(service, name));
      case "timeout":
        return (async () => {
          await run();
          await sleep(5);
          throw timeoutError(name);
        })();
      case "crash":
        return (async () => {
          await run();
          invocation.crashed = true;
          invocation.signal(
            new CrashSignal(`invocation ${invocation.label} crashed after ${name} (call ${record.index})`),
          );
          return hang();
        })();
    }
  }
}

const AsyncFunction = (async () => {}).constructor;
const isAsyncFunction = (fn: unknown) => fn instanceof AsyncFunction;
const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof (v as { then?: unknown } | null)?.then === "function";

function hang(): Promise<never> {
  return new Promise<never>(() => {});
}

function isWrappable(value: unknown): value is object {
  return typeof value === "object" && value !== null && !(value instanceof Date) && !(value instanceof RegExp);
}

/** Array and Object methods run against the proxy, so the elements they hand out are wrapped. */
function isBuiltinMethod(target: object, prop: string, value: unknown): boolean {
  if (typeof value !== "function") return false;
  const builtins = Array.isArray(target) ? Array.prototype : Object.prototype;
  return (builtins as unknown as Record<string, unknown>)[prop] === value;
}

const metadata = { httpStatusCode: 400, requestId: "injected-fault", attempts: 3, totalRetryDelay: 0 };

/** What each service answers when it throttles, after the SDK's own retries gave up. */
export function throttlingError(service: AwsService | undefined, name: string): Error {
  const message = `injected fault: ${name} throttled (Rate exceeded)`;
  switch (service) {
    case "DynamoDB":
      return new ProvisionedThroughputExceededException({ message, $metadata: metadata });
    case "SNS":
      return new ThrottledException({ message, $metadata: metadata });
    case "ECS":
      return new ECSServiceException({ name: "ThrottlingException", $fault: "client", message, $metadata: metadata });
    case "ApplicationAutoScaling":
      return new ApplicationAutoScalingServiceException({
        name: "ThrottlingException",
        $fault: "client",
        message,
        $metadata: metadata,
      });
    default:
      return Object.assign(new Error(message), { name: "ThrottlingException", $fault: "client", $metadata: metadata });
  }
}

/** The SDK's socket/request timeout: the request went out, its answer never came back. */
export function timeoutError(name: string): Error {
  return Object.assign(new Error(`injected fault: ${name} timed out after the request was sent`), {
    name: "TimeoutError",
    code: "ETIMEDOUT",
    $metadata: { attempts: 1 },
  });
}
