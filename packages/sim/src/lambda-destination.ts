import { randomUUID } from "node:crypto";

// What Lambda sends to an asynchronous invocation's on-failure destination once its retries
// are exhausted: the invocation record, with the event as requestPayload and the function's
// error as responsePayload
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).

export type OnFailureRecord = {
  version: "1.0";
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: "RetriesExhausted" | "EventAgeExceeded";
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext: { statusCode: number; executedVersion: string; functionError: "Unhandled" };
  responsePayload: { errorType: string; errorMessage: string; trace: string[] };
};

export function onFailureRecord(input: {
  functionArn: string;
  at: Date;
  attempts: number;
  event: unknown;
  error: { name: string; message: string };
}): OnFailureRecord {
  return {
    version: "1.0",
    timestamp: input.at.toISOString(),
    requestContext: {
      requestId: randomUUID(),
      // Lambda names the version that ran: an unpublished function runs $LATEST.
      functionArn: `${input.functionArn}:$LATEST`,
      condition: "RetriesExhausted",
      approximateInvokeCount: input.attempts,
    },
    requestPayload: input.event,
    responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
    responsePayload: { errorType: input.error.name, errorMessage: input.error.message, trace: [] },
  };
}
