import type { ActionExecutor } from "../../engine/actions.ts";
import type { HookAction } from "../../engine/gateways.ts";

// The pause hook's one action: ContinueServiceDeployment with CONTINUE or ROLLBACK. The engine
// re-reads the hook and answers only while ECS still waits for it (engine/executors.ts).

export type PauseHookAnswerAction = {
  type: "pause-hook-answer";
  serviceDeploymentArn: string;
  hookId: string;
  answer: HookAction;
  /** The answer is moot from here on: the hook's expiry less the margin. */
  notAfter: string;
  stage: string;
  deploymentId: string | undefined;
};

const answer: ActionExecutor<PauseHookAnswerAction> = {
  // DescribeServices does not show a hook's answer: the change itself re-reads the hook.
  inPlace: () => undefined,
  change: (a) => ({
    lifecycleHook: {
      serviceDeploymentArn: a.serviceDeploymentArn,
      hookId: a.hookId,
      action: a.answer,
      notAfter: a.notAfter,
    },
  }),
  // ROLLBACK makes ECS roll the deployment back: the history marks who caused it.
  rolledBack: (a) => (a.answer === "ROLLBACK" ? a.deploymentId : undefined),
};

export const pauseHookExecutors = { "pause-hook-answer": answer };
