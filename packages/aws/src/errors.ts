import { GuardrailsError } from "@ecs-guardrails/core/errors";

/** A call to an AWS service failed in a way the caller cannot treat as "nothing to do". */
export class AwsAdapterError extends GuardrailsError {
  override name = "AwsAdapterError";
}

/** The history table is missing or not shaped as expected (wrong table name, not deployed). */
export class HistoryUnavailableError extends GuardrailsError {
  override name = "HistoryUnavailableError";
}
