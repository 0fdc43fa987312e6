import { ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import { AwsAdapterError, HistoryUnavailableError } from "../errors.ts";

// SDK errors → domain errors, so the engine and the logs speak of the history, not of SDK
// classes. Every one of them is retryable by the caller (Lambda retries, then the DLQ), except
// a missing table, which names the table so a person can fix the deployment.

const THROTTLING = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TransactionInProgressException",
]);

export function translateDynamoError(error: unknown, table: string, operation: string): Error {
  if (error instanceof ResourceNotFoundException)
    return new HistoryUnavailableError(
      `history table "${table}" not found: check the table name and AWS_REGION`,
      { table, operation },
      { cause: error },
    );
  const name = (error as { name?: string }).name ?? "Error";
  const what = THROTTLING.has(name) ? "throttled" : "failed";
  return new AwsAdapterError(
    `DynamoDB ${operation} on "${table}" ${what}: ${name}: ${(error as Error).message}`,
    { table, operation, throttled: THROTTLING.has(name) },
    { cause: error },
  );
}
