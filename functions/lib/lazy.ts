import type { Notice, Notifier } from "@ecs-guardrails/core/notifications/notice";

/**
 * Most events notify nobody, so the notifier (and its SDK client) is built on the first notice
 * instead of at cold start. A build that throws is not remembered: the next notice tries again.
 *
 * Construction only: the client's module stays a static import. A dynamic import would defer
 * evaluating it too, but esbuild then keeps every command of the SDK package in the bundle
 * (+13 kB for SNS), which costs more at import than it saves.
 */
export function lazyNotifier(make: () => Notifier): Notifier {
  let notifier: Notifier | undefined;
  return { publish: (notice: Notice) => (notifier ??= make()).publish(notice) };
}
