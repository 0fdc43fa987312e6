import type { Notice, Notifier } from "../../packages/core/src/notifications/notice.ts";

/**
 * The fake: keeps every published notice, in order, for tests and benchmarks. It does
 * not filter by severity; that is the channel's job (SnsNotifier's minSeverity).
 */
export class RecordingNotifier implements Notifier {
  readonly published: Notice[] = [];

  async publish(notice: Notice): Promise<void> {
    this.published.push(notice);
  }

  /** The notices of one kind, e.g. "auto-rollback.rollback". */
  ofType(eventType: string): Notice[] {
    return this.published.filter((n) => n.eventType === eventType);
  }

  clear(): void {
    this.published.length = 0;
  }
}
