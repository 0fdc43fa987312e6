import { globsOverlap } from "../../config/glob.ts";
import type { GuardrailsConfig } from "../../config/schema.ts";

// Rules across keys for the `pipeline` settings (run with the rest in config/checks.ts).

export function pipelineProblems(config: GuardrailsConfig): string[] {
  const problems: string[] = [];
  const bake = config.policies["auto-rollback"].bakeMinutes;
  if (config.pipeline.verify.timeoutMinutes <= bake) {
    problems.push(`pipeline.verify.timeoutMinutes: ${config.pipeline.verify.timeoutMinutes} is not longer than policies.auto-rollback.bakeMinutes (${bake}): verify would time out before any deployment finished its bake`);
  }
  config.pipeline.freezes.forEach((f, i) => {
    const reachable = f.clusters.some((c) => config.scope.clusters.some((s) => globsOverlap(c, s))) && f.services.some((c) => config.scope.services.some((s) => globsOverlap(c, s)));
    if (!reachable) problems.push(`pipeline.freezes.${i}.clusters: the freeze names no cluster/service inside scope (${config.scope.clusters.join(", ")} / ${config.scope.services.join(", ")}): it would never hold`);
  });
  return problems;
}
