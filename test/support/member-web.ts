import type { LocalStack } from "../../packages/cli/src/runtime/stack.ts";

/**
 * `prod/web` in one simulated account, deploying web:1 at 6 tasks; web:2 registered, crashing
 * 20 s after it starts when `crashes`. The accounts tests give home and a member the same
 * service, so a decision in the wrong account shows.
 */
export function addWeb(sim: LocalStack["sim"], crashes: boolean): void {
  for (let i = 0; i < 2; i++) sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  if (crashes) sim.setFault({ taskDefinition: "web:2" }, { kind: "crash", afterSeconds: 20, exitCode: 1 });
  sim.addService({
    cluster: "prod",
    name: "web",
    taskDefinition: "web:1",
    desiredCount: 6,
    deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 150 },
    initial: "deploying",
  });
}
