import type { DeploymentHooks, HookAction, LifecycleHookView } from "@ecs-guardrails/core/engine/ports";

// ECS's service deployments for a paused deployment, as a test scripts them: the hooks each
// deployment shows (DescribeServiceDeployments), and every ContinueServiceDeployment it took.
// Answering moves the hook on (SUCCEEDED for CONTINUE, FAILED for ROLLBACK), as ECS does.

export type FakeHooks = DeploymentHooks & {
  hooks: Map<string, LifecycleHookView[]>;
  answers: { serviceDeploymentArn: string; hookId: string; action: HookAction }[];
  /** Fails the next calls of a method with this error. */
  failing: Partial<Record<"hooksOf" | "continueDeployment", Error>>;
};

export function fakeHooks(initial: Record<string, LifecycleHookView[]> = {}): FakeHooks {
  const hooks = new Map(Object.entries(initial));
  const answers: FakeHooks["answers"] = [];
  const failing: FakeHooks["failing"] = {};
  return {
    hooks,
    answers,
    failing,
    async hooksOf(arn) {
      if (failing.hooksOf) throw failing.hooksOf;
      return structuredClone(hooks.get(arn) ?? []);
    },
    async continueDeployment(arn, hookId, action) {
      if (failing.continueDeployment) throw failing.continueDeployment;
      const hook = hooks.get(arn)?.find((h) => h.hookId === hookId);
      if (hook?.status !== "AWAITING_ACTION")
        throw new Error(`InvalidParameterException: hook ${hookId} is not awaiting action`);
      hook.status = action === "CONTINUE" ? "SUCCEEDED" : "FAILED";
      answers.push({ serviceDeploymentArn: arn, hookId, action });
    },
  };
}

/** A pause hook awaiting action until `expiresAt`. */
export const awaiting = (hookId: string, expiresAt: string, timeoutAction = "ROLLBACK"): LifecycleHookView => ({
  hookId,
  targetType: "PAUSE",
  status: "AWAITING_ACTION",
  expiresAt,
  timeoutAction,
});
