/// <reference path="../../../.sst/platform/config.d.ts" />

// SQS's maximum: gives an operator two weekends to notice and replay a failed event.
const FOURTEEN_DAYS_IN_SECONDS = 14 * 24 * 60 * 60;

/**
 * Where asynchronous invocations land after Lambda's retries are exhausted; without it an
 * event that keeps failing is dropped silently.
 */
export function createDeadLetterQueue(): sst.aws.Queue {
  return new sst.aws.Queue("DeadLetters", {
    transform: {
      queue: { messageRetentionSeconds: FOURTEEN_DAYS_IN_SECONDS },
    },
  });
}
