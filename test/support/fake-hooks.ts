import type { ServiceDeploymentGateway } from "@ecs-guardrails/core/engine/ports";
import type { LifecycleHookDetail, ServiceDeploymentDetail } from "@ecs-guardrails/core/model/service-deployments";

// ECS's service deployments for a paused deployment, as a test scripts them: the hooks each
// deployment shows (DescribeServiceDeployments), and every ContinueServiceDeployment it took.
// Answering moves the hook on (SUCCEEDED for CONTINUE, FAILED for ROLLBACK), as ECS does.

type Ports = Pick<ServiceDeploymentGateway, "describeServiceDeployments" | "continueServiceDeployment">;
type Action = "CONTINUE" | "ROLLBACK";

export type FakeHooks = ServiceDeploymentGateway & {
  hooks: Map<string, LifecycleHookDetail[]>;
  answers: { serviceDeploymentArn: string; hookId: string; action: Action }[];
  /** Fails the calls of a method with this error while set. */
  failing: Partial<Record<keyof Ports, Error>>;
};

export function fakeHooks(initial: Record<string, LifecycleHookDetail[]> = {}): FakeHooks {
  const hooks = new Map(Object.entries(initial));
  const answers: FakeHooks["answers"] = [];
  const failing: FakeHooks["failing"] = {};
  return {
    hooks,
    answers,
    failing,
    async describeServiceDeployments(arns) {
      if (failing.describeServiceDeployments) throw failing.describeServiceDeployments;
      const found = arns.filter((a) => hooks.has(a)).map((a) => detail(a, structuredClone(hooks.get(a)!)));
      const missing = arns.filter((a) => !hooks.has(a)).map((arn) => ({ arn, reason: "MISSING" }));
      return { found, missing };
    },
    // The scripted world lists no service deployment of its own and has no revision to describe:
    // a rollback decided beside a paused hook restores the task definition alone (the fallback).
    async listServiceDeployments() {
      return [];
    },
    async describeServiceRevisions(arns) {
      return { found: [], missing: arns.map((arn) => ({ arn, reason: "MISSING" })) };
    },
    async stopServiceDeployment(arn) {
      return hooks.has(arn)
        ? { outcome: "not-in-progress", message: "paused at a hook in this script" }
        : { outcome: "not-found" };
    },
    async continueServiceDeployment(arn, hookId, action) {
      if (failing.continueServiceDeployment) throw failing.continueServiceDeployment;
      const hook = hooks.get(arn)?.find((h) => h.hookId === hookId);
      if (!hook) return { outcome: "not-found" };
      if (hook.status !== "AWAITING_ACTION")
        throw new Error(`InvalidParameterException: hook ${hookId} is not awaiting action`);
      hook.status = action === "CONTINUE" ? "SUCCEEDED" : "FAILED";
      answers.push({ serviceDeploymentArn: arn, hookId, action });
      return { outcome: "continued" };
    },
  };
}

/** A pause hook awaiting action until `expiresAt`. */
export const awaiting = (hookId: string, expiresAt: string, timeoutAction = "ROLLBACK"): LifecycleHookDetail => ({
  hookId,
  targetType: "PAUSE",
  targetArn: undefined,
  status: "AWAITING_ACTION",
  expiresAt,
  timeoutAction,
});

function detail(arn: string, lifecycleHooks: LifecycleHookDetail[]): ServiceDeploymentDetail {
  return {
    arn,
    serviceArn: "",
    clusterArn: "",
    status: "IN_PROGRESS",
    statusReason: undefined,
    createdAt: undefined,
    startedAt: undefined,
    finishedAt: undefined,
    targetRevisionArn: undefined,
    stoppedAt: undefined,
    updatedAt: undefined,
    sourceRevisions: [],
    targetRevision: undefined,
    lifecycleStage: undefined,
    lifecycleHooks,
    circuitBreaker: undefined,
    alarms: undefined,
    rollback: undefined,
  };
}
