import { present } from "../../util/present.ts";
import type { PolicyDefinition } from "../../engine/policy.ts";
import { type PauseHookAnswerAction, pauseHookExecutors } from "./actions.ts";
import { pauseHook } from "./decide.ts";
import { pauseOffers } from "./offers.ts";
import type { PauseHookSettings } from "./settings.ts";
import { pauseHookTags } from "./tags.ts";

export const pauseHookDefinition = {
  id: "pause-hook",
  tags: pauseHookTags,
  policy: pauseHook,
  executors: pauseHookExecutors,
  offers: pauseOffers,
  present: {
    actions: {
      "pause-hook-answer": {
        fields: (a) => present(a as PauseHookAnswerAction, ["answer", "hookId", "stage"]),
        severity: "warning",
      },
    },
  },
} as const satisfies PolicyDefinition<PauseHookSettings>;
