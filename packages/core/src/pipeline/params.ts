import * as z from "../zod.ts";
import { describeIssues } from "../events/zod-issues.ts";

// The action's UserParameters: an opaque string to CodePipeline, JSON to us. Every problem is
// answered with a ConfigurationError naming the field, never a hang (reference §5).

const name = z.string().check(z.minLength(1));

export const userParametersSchema = z.strictObject({
  mode: z.enum(["gate", "verify"]),
  cluster: name,
  service: name,
  /** verify: how long to follow the deployment before failing it (the ECS deploy action waits up to 60). */
  timeoutMinutes: z.optional(z.number().check(z.positive(), z.lte(1440))),
  /** verify: how long a completed deployment must stay clean; the auto-rollback bake by default. */
  bakeMinutes: z.optional(z.number().check(z.minimum(0), z.lte(1440))),
  /** `#{codepipeline.PipelineExecutionId}`: the job event carries no pipeline context. */
  executionId: z.optional(name),
});

export type UserParameters = z.infer<typeof userParametersSchema>;

export type ParamsResult = { ok: true; params: UserParameters } | { ok: false; problem: string };

/** Parses UserParameters; the problem line names the field ("UserParameters.cluster is required"). */
export function parseUserParameters(raw: string | undefined): ParamsResult {
  if (raw === undefined || raw.trim() === "") return { ok: false, problem: 'UserParameters is required: JSON such as {"mode":"gate","cluster":"prod","service":"web"}' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, problem: `UserParameters is not JSON (${(error as Error).message})` };
  }
  const result = userParametersSchema.safeParse(json);
  if (result.success) return { ok: true, params: result.data };
  return { ok: false, problem: describeIssues(result.error).map((line) => `UserParameters.${line.replace(/^\(event\)/, "(root)")}`).join("; ") };
}
