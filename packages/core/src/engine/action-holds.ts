import type { ServiceState } from "../history/model.ts";
import { actionHolders } from "../registry.ts";

// What holds a service's automatic actions now (a person snoozed its guardrails from chat): each
// capability or section whose stored state says so, found by the role its entry declares
// (holdsActions), never by its name. Read at call time: the registry is complete by then.

export function actionHolds(state: ServiceState | undefined, now: Date): string | undefined {
  for (const d of actionHolders()) {
    const why = d.holdsActions(state?.policies[d.id] as Record<string, unknown> | undefined, now);
    if (why) return why;
  }
  return undefined;
}
