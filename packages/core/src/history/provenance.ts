import type { PipelineEvent, ServiceRef } from "../events/model.ts";
import type { PipelineTrigger } from "../events/codepipeline.ts";
import type { RecordOutcome } from "./model.ts";

// Which pipeline execution caused which ECS deployment. No documented field links the two
// (docs/design/aws-facts.md#codepipeline): the verify action, passed `#{codepipeline.PipelineExecutionId}`, finds the
// deployment and writes the link; the execution's name and trigger come from the pipeline's
// own events, recorded by ingest.

export type { PipelineTrigger };

export type PipelineExecution = {
  executionId: string;
  pipeline: string;
  state: string;
  /** When the last state was reported (events come at least once, in any order). */
  at: string;
  trigger: PipelineTrigger | undefined;
};

export type DeploymentLink = ServiceRef & {
  deploymentId: string;
  executionId: string;
  /** Copied from the execution when it was known at link time; read afresh otherwise. */
  pipeline: string | undefined;
  commitId: string | undefined;
  branch: string | undefined;
  at: string;
};

/** Where the provenance is kept (adapter: packages/aws/src/codepipeline/pipeline-store.ts). */
export interface ProvenanceStore {
  linkDeployment(link: DeploymentLink): Promise<void>;
  deploymentLink(ref: ServiceRef, deploymentId: string): Promise<DeploymentLink | undefined>;
  /** Pipeline, stage and action execution events, by execution; a redelivery is a duplicate. */
  recordExecutionEvent(event: PipelineEvent): Promise<RecordOutcome>;
  execution(executionId: string): Promise<PipelineExecution | undefined>;
}

const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);

/** `execution-trigger` as CodePipeline prints it (keys vary by provider; all optional). */
export function toTrigger(raw: Record<string, unknown> | undefined): PipelineTrigger | undefined {
  if (!raw) return undefined;
  return {
    type: str(raw["trigger-type"]) ?? str(raw["provider-type"]),
    commitId: str(raw["commit-id"])?.replace(/`/g, ""),
    branch: str(raw["branch-name"]),
    tag: str(raw["tag-name"]),
    repository: str(raw["full-repository-name"]),
  };
}

export function executionOf(e: PipelineEvent): PipelineExecution {
  return { executionId: e.executionId, pipeline: e.pipeline, state: e.state, at: e.time, trigger: e.trigger };
}

/** "pipeline web-release execution 1234 (commit abc123 on main)": how people are told. */
export function describeLink(link: Pick<DeploymentLink, "executionId" | "pipeline" | "commitId" | "branch">): string {
  const source = [link.commitId ? `commit ${link.commitId}` : undefined, link.branch ? `on ${link.branch}` : undefined]
    .filter(Boolean)
    .join(" ");
  return `pipeline ${link.pipeline ?? "(name not seen yet)"} execution ${link.executionId}${source ? ` (${source})` : ""}`;
}

/** Fills the link's pipeline and commit from the execution when they were unknown at link time. */
export function completeLink(link: DeploymentLink, execution: PipelineExecution | undefined): DeploymentLink {
  if (!execution) return link;
  return {
    ...link,
    pipeline: link.pipeline ?? execution.pipeline,
    commitId: link.commitId ?? execution.trigger?.commitId,
    branch: link.branch ?? execution.trigger?.branch,
  };
}
