import type { ServiceDescription } from "./description.ts";

// Whether the guardrails may change a service through UpdateService now (docs/design/aws-facts.md#deployment-controllers-and-strategies).
// CODE_DEPLOY and EXTERNAL services reject a new task definition or capacity provider strategy:
// their deployments belong to CodeDeploy or to a third-party tool. An ECS-native BLUE_GREEN,
// LINEAR or CANARY deployment is acted on through its lifecycle hook (a later issue), never by
// starting another deployment in the middle of it. In each case the policy records and notifies
// what a person should do instead.

export type UpdateBlock = {
  /** `controller`: never (the service's deployments are not ECS's); `deployment`: not while one runs. */
  kind: "controller" | "deployment";
  /** Why not, completing "the guardrails do not act: …". */
  reason: string;
  /** What a person should do instead, for a rollback or a capacity change. */
  nextSteps: string[];
};

export type Change = { kind: "rollback"; taskDefinition: string } | { kind: "capacity"; strategy: string };

export function updateBlock(service: ServiceDescription | undefined, change: Change): UpdateBlock | undefined {
  if (!service) return undefined;
  const { deploymentController: controller, deploymentStrategy: strategy } = service;
  if (controller === "CODE_DEPLOY") {
    return {
      kind: "controller",
      reason:
        "its deployments are run by CodeDeploy (deployment controller CODE_DEPLOY), and ECS rejects an UpdateService that changes its task definition or capacity provider strategy",
      nextSteps:
        change.kind === "rollback"
          ? [
              "Stop the CodeDeploy deployment with rollback (`aws deploy stop-deployment --deployment-id <id> --auto-rollback-enabled`)",
              `Or deploy ${change.taskDefinition} through CodeDeploy`,
            ]
          : [`Start a CodeDeploy deployment whose AppSpec sets the capacity provider strategy to ${change.strategy}`],
    };
  }
  if (controller !== "ECS") {
    return {
      kind: "controller",
      reason: `its task sets are managed outside ECS (deployment controller ${controller})`,
      nextSteps:
        change.kind === "rollback"
          ? [`Roll back with the tool that manages its task sets: make a task set of ${change.taskDefinition} primary`]
          : [
              `With the tool that manages its task sets, create a task set with the capacity provider strategy ${change.strategy} and make it primary`,
            ],
    };
  }
  // BLUE_GREEN, LINEAR, CANARY — and a strategy newer than this code, where doing nothing is the
  // safe mistake.
  if (strategy !== "ROLLING" && deploymentRunning(service)) {
    return {
      kind: "deployment",
      reason: `ECS is running a ${strategy} deployment, which the guardrails act on only through its lifecycle hook, never by starting another deployment in the middle of it`,
      nextSteps:
        change.kind === "rollback"
          ? [
              "Stop the deployment with rollback (`aws ecs stop-service-deployment --service-deployment-arn <arn> --stop-type ROLLBACK`)",
              "Or let ECS's circuit breaker or deployment alarms roll it back, if configured",
            ]
          : [
              `Once the deployment ends, the guardrails move the service to ${change.strategy} on the next Spot shortfall; to do it now, stop the deployment first`,
            ],
    };
  }
  return undefined;
}

/** A deployment is running while ECS lists one in progress, or more than one (blue and green). */
function deploymentRunning(service: ServiceDescription): boolean {
  return service.deployments.length > 1 || service.deployments.some((d) => d.rolloutState === "IN_PROGRESS");
}
