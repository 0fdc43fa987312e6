import { alarmProblems, routesAlarm } from "./checks.ts";
import { rollbackExecutors } from "./actions.ts";
import type { PolicyDefinition } from "../../engine/policy.ts";
import { autoRollback } from "./decide.ts";
import { type AutoRollbackSettings, autoRollbackSettings, autoRollbackTags } from "./settings.ts";

export const autoRollbackDefinition = {
  id: "auto-rollback",
  settings: autoRollbackSettings,
  tags: autoRollbackTags,
  policy: autoRollback,
  executors: rollbackExecutors,
  configProblems: alarmProblems,
  routesAlarm,
} as const satisfies PolicyDefinition<AutoRollbackSettings>;
