import type { SectionDefinition } from "../../engine/policy.ts";
import { pipelineProblems } from "./checks.ts";
import type { PipelineSettings } from "./settings.ts";

// The registry entry: the CodePipeline deploy stage owns the configuration's `pipeline` section.
// Its use case (run-job.ts) runs in its own function, which imports it directly.

export const deployStageDefinition = {
  id: "deploy-stage",
  configProblems: pipelineProblems,
} as const satisfies SectionDefinition<PipelineSettings>;
