import type { PersonCommand } from "../../engine/policy.ts";
import type { PauseHookAnswerAction } from "./actions.ts";
import { answered } from "./notices.ts";
import type { PauseHookSettings } from "./settings.ts";
import { pauseStateOf, stateWith } from "./state.ts";

// What a person may ask of a paused deployment from chat (docs/capabilities/chat-command.md):
// CONTINUE or ROLLBACK, on the notice of the pause. The answer takes the same key as the
// guardrails' own (`pause-hook#<hookId>`): a hook is answered once, by whoever comes first. A
// hook no longer watched (answered, expired) or too close to its expiry is refused. Pure.

const answer =
  (what: PauseHookAnswerAction["answer"]): PersonCommand =>
  (ask) => {
    const hookId = ask.key.match(/^pause-hook#(.+)#paused$/)?.[1];
    if (!hookId) return { refused: "the button is not on a paused deployment's notice" };
    const hooks = pauseStateOf(ask.snapshot).hooks;
    const hook = hooks[hookId];
    if (!hook) return { refused: `the pause ${hookId} was already answered or has expired` };
    const settings = ask.settings as PauseHookSettings;
    const expires = hook.expiresAt ? Date.parse(hook.expiresAt) : Date.parse(hook.since) + 1440 * 60_000; // ECS's default hook timeout
    const notAfter = expires - settings.marginSeconds * 1000;
    if (ask.now.getTime() >= notAfter)
      return {
        refused: `the pause is too close to its expiry (${hook.expiresAt ?? "ECS's default"}): ECS's timeout action stands`,
      };
    delete hooks[hookId];
    const action: PauseHookAnswerAction = {
      type: "pause-hook-answer",
      serviceDeploymentArn: hook.serviceDeploymentArn,
      hookId,
      answer: what,
      notAfter: new Date(notAfter).toISOString(),
      stage: hook.stage,
      deploymentId: hook.deploymentId,
    };
    const decision = answered(
      ask.snapshot.ref,
      hook,
      action,
      `${ask.by} answered ${what} from chat`,
      {},
      stateWith(hooks),
    );
    return { decision: { ...decision, threadId: ask.thread } };
  };

export const pausePersonCommands = {
  continue: /* @__PURE__ */ answer("CONTINUE"),
  rollback: /* @__PURE__ */ answer("ROLLBACK"),
};
