/// <reference path="../../../.sst/platform/config.d.ts" />

/** Guardrail notifications; chat (Amazon Q Developer) and e-mail subscribe outside this app. */
export function createNotificationsTopic(): sst.aws.SnsTopic {
  return new sst.aws.SnsTopic("Notifications");
}
