import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

// Lambda's asynchronous invocation, locally: up to 3 attempts (2 retries), then the event and
// its error go to the dead-letter report — never dropped, as the DLQ keeps them in AWS.

export type DeadLetter = {
  at: string;
  function: string;
  error: string;
  errorName: string;
  attempts: number;
  event: unknown;
};

export class DeadLetters {
  readonly entries: DeadLetter[] = [];
  private readonly file: string | undefined;
  private readonly onAdd: ((entry: DeadLetter) => void) | undefined;

  constructor(file?: string, onAdd?: (entry: DeadLetter) => void) {
    this.file = file;
    this.onAdd = onAdd;
  }

  add(entry: DeadLetter): void {
    this.entries.push(entry);
    if (this.file) {
      mkdirSync(dirname(this.file), { recursive: true });
      appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    }
    this.onAdd?.(entry);
  }
}

export type Invocation<R> = { ok: true; result: R; attempts: number } | { ok: false; error: Error; attempts: number };

export async function invokeAsync<R>(
  name: string,
  handler: (event: unknown) => Promise<R>,
  event: unknown,
  deadLetters: DeadLetters,
  options: { retries?: number; now?: () => Date; retryable?: (error: Error) => boolean } = {},
): Promise<Invocation<R>> {
  const retries = options.retries ?? 2;
  let last: Error = new Error("not invoked");
  for (let attempt = 1; attempt <= retries + 1; attempt += 1) {
    try {
      return { ok: true, result: await handler(event), attempts: attempt };
    } catch (error) {
      last = error instanceof Error ? error : new Error(String(error));
      if (process.env["GUARDRAILS_DEBUG"]) console.error(`attempt ${attempt} of ${name} failed:`, last);
      if (options.retryable && !options.retryable(last)) {
        deadLetters.add(letter(name, last, attempt, event, options.now));
        return { ok: false, error: last, attempts: attempt };
      }
    }
  }
  deadLetters.add(letter(name, last, retries + 1, event, options.now));
  return { ok: false, error: last, attempts: retries + 1 };
}

function letter(name: string, error: Error, attempts: number, event: unknown, now = () => new Date()): DeadLetter {
  return { at: now().toISOString(), function: name, error: error.message, errorName: error.name, attempts, event };
}
