import type { Notice, Notifier } from "@ecs-guardrails/core/notifications/notice";

/**
 * Most events notify nobody, so the notifier (its SDK client, and the client's module, loaded
 * with a dynamic import) is built on the first notice instead of at cold start. A failed build
 * is not remembered: the next notice tries again.
 */
export function lazyNotifier(make: () => Promise<Notifier>): Notifier {
  let notifier: Promise<Notifier> | undefined;
  return {
    publish: async (notice: Notice) => {
      notifier ??= make().catch((error: unknown) => {
        notifier = undefined;
        throw error;
      });
      return (await notifier).publish(notice);
    },
  };
}
