import * as z from "../../zod.ts";
import { codePipelineJobEvent } from "../../events/codepipeline.ts";
import { describeIssues } from "../../events/zod-issues.ts";

// The Lambda invoke action's job, without what must never leave the handler: the artifact
// credentials (live STS keys) and the rest of the raw event are dropped here.

export type PipelineJob = {
  jobId: string;
  accountId: string;
  userParameters: string | undefined;
  continuationToken: string | undefined;
  /** Input artifact revisions (the source commit for a source artifact), for provenance. */
  inputRevisions: string[];
};

/** A job we can answer (it has an id) but whose event is wrong; the problem names the field. */
export type JobParse = { ok: true; job: PipelineJob } | { ok: false; jobId: string | undefined; problem: string };

const idOnly = z.looseObject({ "CodePipeline.job": z.looseObject({ id: z.string().check(z.minLength(1)) }) });

export function parsePipelineJob(raw: unknown): JobParse {
  const result = codePipelineJobEvent.safeParse(raw);
  if (!result.success) {
    const id = idOnly.safeParse(raw);
    return {
      ok: false,
      jobId: id.success ? id.data["CodePipeline.job"].id : undefined,
      problem: `invalid CodePipeline job event: ${describeIssues(result.error).join("; ")}`,
    };
  }
  const job = result.data["CodePipeline.job"];
  return {
    ok: true,
    job: {
      jobId: job.id,
      accountId: job.accountId,
      userParameters: job.data.actionConfiguration.configuration.UserParameters,
      continuationToken: job.data.continuationToken,
      inputRevisions: job.data.inputArtifacts
        .map((a) => a.revision)
        .filter((r): r is string => typeof r === "string" && r.length > 0),
    },
  };
}
