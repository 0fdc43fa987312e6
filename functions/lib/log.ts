// The functions' log: one JSON object per line, with the keys the Powertools logger wrote
// (level, message, timestamp, service, cold_start, function_*, xray_trace_id), so Logs Insights
// queries keep working. Not Powertools itself: its logger, commons and middy were 24.5 kB of
// every bundle, about a sixth of what the ingest may carry beside its SDK clients
// (docs/design/benchmarks.md "Cold start and bundle size"). A raw event is never written: the
// deploy stage's carries live credentials, and the other events are in the history already.

/** What the handlers log through. */
export type Log = {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
};

/** The part of Lambda's context object that goes on every line. */
export type LambdaContext = {
  functionName: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
};

const LEVELS = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type Level = keyof typeof LEVELS;

type Options = {
  serviceName: string;
  env?: NodeJS.ProcessEnv;
  write?: (stream: "out" | "err", line: string) => void;
  now?: () => Date;
};

const writeStd = (stream: "out" | "err", line: string) =>
  void (stream === "err" ? process.stderr : process.stdout).write(line);

export class JsonLog implements Log {
  protected readonly service: string;
  private readonly threshold: number;
  protected readonly env: NodeJS.ProcessEnv;
  protected readonly write: (stream: "out" | "err", line: string) => void;
  protected readonly now: () => Date;
  /** The invocation's context keys, set by withLambdaContext for its duration. */
  invocation: Record<string, unknown> | undefined;

  constructor(options: Options) {
    this.env = options.env ?? process.env;
    this.service = this.env["POWERTOOLS_SERVICE_NAME"] || options.serviceName;
    // Lambda's own log-level setting first (advanced logging controls), then Powertools' variable.
    const wanted = (this.env["AWS_LAMBDA_LOG_LEVEL"] ?? this.env["POWERTOOLS_LOG_LEVEL"] ?? "INFO").toUpperCase();
    this.threshold = LEVELS[wanted as Level] ?? LEVELS.INFO;
    this.write = options.write ?? writeStd;
    this.now = options.now ?? (() => new Date());
  }

  info(message: string, extra?: Record<string, unknown>): void {
    this.log("INFO", message, extra);
  }

  warn(message: string, extra?: Record<string, unknown>): void {
    this.log("WARN", message, extra);
  }

  error(message: string, extra?: Record<string, unknown>): void {
    this.log("ERROR", message, extra);
  }

  /** The X-Ray trace of the running invocation, as Lambda puts it in the environment. */
  traceId(): string | undefined {
    return this.env["_X_AMZN_TRACE_ID"]?.match(/Root=([^;]+)/)?.[1];
  }

  private log(level: Level, message: string, extra: Record<string, unknown> | undefined): void {
    if (LEVELS[level] < this.threshold) return;
    const entry = {
      level,
      message,
      timestamp: this.now().toISOString(),
      service: this.service,
      ...this.invocation,
      ...extra,
    };
    this.write(level === "INFO" ? "out" : "err", `${JSON.stringify(entry, safe())}\n`);
  }
}

/** A JSON.stringify replacer that writes errors as objects, bigints as text and a value met again inside itself as "[Circular]". */
function safe(): (this: unknown, key: string, value: unknown) => unknown {
  // The objects from the root down to the one being written, each with the value it was made from (an error's fields).
  const open: { written: unknown; from: unknown }[] = [];
  return function (this: unknown, _key: string, value: unknown) {
    if (typeof value === "bigint") return value.toString();
    if (typeof value !== "object" || value === null) return value;
    // JSON.stringify calls the replacer with the holder as `this`: what is open is the path up to it.
    while (open.length > 0 && open[open.length - 1]!.written !== this) open.pop();
    if (open.some((o) => o.from === value)) return "[Circular]";
    const written = value instanceof Error ? errorFields(value) : value;
    open.push({ written, from: value });
    return written;
  };
}

function errorFields(error: Error): Record<string, unknown> {
  // An error's own fields (an SDK error's $metadata, ours' details) after the ones every error has.
  const own: Record<string, unknown> = { ...error };
  return { ...own, name: error.name, message: error.message, stack: error.stack, cause: error.cause };
}

/**
 * The handler with the invocation's context on every line it logs: cold_start true on the
 * container's first invocation only. A thrown error is passed on unchanged (Lambda retries).
 */
export function withLambdaContext<E, R>(
  log: JsonLog,
  handler: (event: E) => Promise<R>,
): (event: E, context: LambdaContext) => Promise<R> {
  let cold = true;
  return async (event, context) => {
    log.invocation = {
      cold_start: cold,
      function_name: context.functionName,
      function_arn: context.invokedFunctionArn,
      function_memory_size: Number(context.memoryLimitInMB),
      function_request_id: context.awsRequestId,
      xray_trace_id: log.traceId(),
    };
    cold = false;
    try {
      return await handler(event);
    } finally {
      log.invocation = undefined;
    }
  };
}
