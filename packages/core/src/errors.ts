// Domain errors. "Nothing to do" (a duplicate, a stale event) is a value, never an exception:
// an error here means the event must be retried or end up in the dead-letter queue.

export class GuardrailsError extends Error {
  override name = "GuardrailsError";
  readonly context: Record<string, unknown>;
  constructor(message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.context = context;
  }
}

/** The event does not match the schema of its type; `issues` names each offending field. */
export class InvalidEventError extends GuardrailsError {
  override name = "InvalidEventError";
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[], context: Record<string, unknown> = {}) {
    super(`${message}: ${issues.join("; ")}`, context);
    this.issues = issues;
  }
}

/** The event is valid but of a type no function here consumes. */
export class UnsupportedEventError extends GuardrailsError {
  override name = "UnsupportedEventError";
}

/** Configuration that cannot be used; the message names the key. */
export class InvalidConfigError extends GuardrailsError {
  override name = "InvalidConfigError";
}

/** Another invocation holds the service's action lock or the decision's claim: retry later (Lambda does). */
export class ServiceBusyError extends GuardrailsError {
  override name = "ServiceBusyError";
}

/** A decision's action failed; the decision is recorded (and announced) as failed and will be retried. */
export class ActionFailedError extends GuardrailsError {
  override name = "ActionFailedError";
}
