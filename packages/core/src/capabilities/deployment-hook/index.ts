import type { SectionDefinition } from "../../engine/policy.ts";

// The registry entry: the ECS deployment lifecycle hook owns the configuration's
// `deploymentHook` section. Its use case (run.ts) runs in its own function.

export const deploymentHookDefinition = {
  id: "deployment-hook",
} as const satisfies SectionDefinition<unknown>;
