import { globsOverlap } from "../../config/glob.ts";
import type { ConfigCheckView } from "../../engine/policy.ts";
import type { PipelineSettings } from "./settings.ts";

// Rules across keys for the `pipeline` settings (run with the rest in config/checks.ts).

export function pipelineProblems(view: ConfigCheckView<PipelineSettings>): string[] {
  const problems: string[] = [];
  const pipeline = view.settings;
  const bake = view.settingOf("auto-rollback", "bakeMinutes") as number;
  if (pipeline.verify.timeoutMinutes <= bake) {
    problems.push(
      `pipeline.verify.timeoutMinutes: ${pipeline.verify.timeoutMinutes} is not longer than policies.auto-rollback.bakeMinutes (${bake}): verify would time out before any deployment finished its bake`,
    );
  }
  const scope = view.scope;
  pipeline.freezes.forEach((f, i) => {
    const reachable =
      f.clusters.some((c) => scope.clusters.some((s) => globsOverlap(c, s))) &&
      f.services.some((c) => scope.services.some((s) => globsOverlap(c, s)));
    if (!reachable)
      problems.push(
        `pipeline.freezes.${i}.clusters: the freeze names no cluster/service inside scope (${scope.clusters.join(", ")} / ${scope.services.join(", ")}): it would never hold`,
      );
  });
  return problems;
}
