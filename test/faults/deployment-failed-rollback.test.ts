import { deploymentStateChange } from "../../packages/sim/src/events/builders.ts";
import { faultMatrix } from "./matrix.ts";
import { at, deploymentHistory, input, ref, rolledBack, service } from "./rollback-service.ts";

// ECS's circuit breaker fails the deployment but is not set to roll back: the guardrails do.
await faultMatrix({
  id: "deployment-failed-rollback",
  title: "Auto-rollback: SERVICE_DEPLOYMENT_FAILED without the circuit breaker's rollback",
  config: { policies: { "auto-rollback": { mode: "enforce" } } },
  service: service({ circuitBreaker: { enable: true, rollback: false } }),
  inputs: [
    ...deploymentHistory(),
    input(
      "ecs-svc/2 failed",
      deploymentStateChange({
        ...ref,
        deploymentId: "ecs-svc/2",
        eventName: "SERVICE_DEPLOYMENT_FAILED",
        time: at(300),
      }),
    ),
  ],
  truths: rolledBack,
});
