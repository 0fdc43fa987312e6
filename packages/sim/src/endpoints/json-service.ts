import { AwsError } from "./protocol.ts";

// A service spoken over AWS JSON (1.0 or 1.1): X-Amz-Target "<prefix>.<Operation>" picks the
// operation, the body is its input. `stub` marks a service routed but not simulated yet: every
// operation answers a NotImplementedException the SDK raises by that name (HTTP 400, so the
// SDK does not retry it as it would a 5xx).

export type Operation = (input: Record<string, unknown>) => unknown;

export type JsonService = {
  name: string;
  targetPrefix: string;
  contentType: string;
  operations: Record<string, Operation>;
  stub?: boolean;
};

export function notImplemented(service: string, operation: string): AwsError {
  return new AwsError(
    "NotImplementedException",
    `${service} ${operation} is not implemented by the local endpoints yet.`,
  );
}

export function validation(message: string): AwsError {
  return new AwsError("ValidationException", message);
}

/** Input fields arrive untyped; these read them or fail the way AWS validation does. */
export function optionalString(input: Record<string, unknown>, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw validation(`${key} must be a string.`);
  return v;
}

export function requiredString(input: Record<string, unknown>, key: string): string {
  const v = optionalString(input, key);
  if (v === undefined || v === "")
    throw validation(
      `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
    );
  return v;
}
