import { present } from "../../util/present.ts";
import type { RollbackAction } from "./actions.ts";
import { alarmProblems, routesAlarm } from "./checks.ts";
import { rollbackExecutors } from "./actions.ts";
import type { PolicyDefinition } from "../../engine/policy.ts";
import { autoRollback } from "./decide.ts";
import type { AutoRollbackSettings } from "./settings.ts";
import { autoRollbackTags } from "./tags.ts";

export const autoRollbackDefinition = {
  id: "auto-rollback",
  tags: autoRollbackTags,
  policy: autoRollback,
  executors: rollbackExecutors,
  configProblems: alarmProblems,
  routesAlarm,
  // Its failure classes, threshold, bake and alarms are the judgement the hook and the deploy stage use too.
  judgesRevisions: (s) => s,
  // A rollback only observed (observe mode) or blocked (a guard) offers a person "Roll back now".
  offers: (d, verdict) =>
    d.action?.type === "rollback" && (verdict === "observed" || verdict === "blocked")
      ? "observed-rollback"
      : undefined,
  present: {
    // A rollback (or failing to make one) is critical; the rest of auto-rollback's decisions warn.
    actions: {
      rollback: {
        fields: (a) => present(a as RollbackAction, ["taskDefinition", "fromTaskDefinition"]),
        severity: "critical",
      },
    },
    severity: "warning",
  },
} as const satisfies PolicyDefinition<AutoRollbackSettings>;
