import * as z from "../../zod.ts";
import { describeIssues } from "../../events/zod-issues.ts";
import type { Place } from "../../model/service-ref.ts";

// The action's UserParameters: an opaque string to CodePipeline, JSON to us. Every problem is
// answered with a ConfigurationError naming the field, never a hang (docs/design/aws-facts.md#codepipeline).

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
/**
 * The parameters with the account and Region an ARN in them named (a pipeline in one account
 * deploying to another): which of home or a member that is, place.ts decides.
 */
export type JobParams = UserParameters & { arnPlace?: Place | undefined };

export type ParamsResult = { ok: true; params: JobParams } | { ok: false; problem: string };

/** Parses UserParameters; the problem line names the field ("UserParameters.cluster is required"). */
export function parseUserParameters(raw: string | undefined): ParamsResult {
  if (raw === undefined || raw.trim() === "")
    return {
      ok: false,
      problem: 'UserParameters is required: JSON such as {"mode":"gate","cluster":"prod","service":"web"}',
    };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, problem: `UserParameters is not JSON (${(error as Error).message})` };
  }
  const result = userParametersSchema.safeParse(json);
  if (!result.success)
    return {
      ok: false,
      problem: describeIssues(result.error)
        .map((line) => `UserParameters.${line.replace(/^\(event\)/, "(root)")}`)
        .join("; "),
    };
  const named = namesOf(result.data.cluster, result.data.service);
  if (!named.ok) return named;
  const params: JobParams = {
    ...result.data,
    cluster: named.cluster,
    service: named.service,
    ...(named.place ? { arnPlace: named.place } : {}),
  };
  const window =
    params.timeoutMinutes !== undefined && params.bakeMinutes !== undefined
      ? verifyWindowProblem(params, { timeoutMinutes: params.timeoutMinutes, bakeMinutes: params.bakeMinutes })
      : undefined;
  return window ? { ok: false, problem: window } : { ok: true, params };
}

/**
 * verify's bake must end inside its timeout, or every release would fail as timed out. Each
 * value may come from UserParameters or from the defaults; the line names where each came from.
 */
export function verifyWindowProblem(
  params: Pick<UserParameters, "timeoutMinutes" | "bakeMinutes">,
  defaults: { timeoutMinutes: number; bakeMinutes: number },
): string | undefined {
  const timeout = params.timeoutMinutes ?? defaults.timeoutMinutes;
  const bake = params.bakeMinutes ?? defaults.bakeMinutes;
  if (bake < timeout) return undefined;
  const bakeName =
    params.bakeMinutes !== undefined ? "UserParameters.bakeMinutes" : "policies.auto-rollback.bakeMinutes";
  const timeoutName =
    params.timeoutMinutes !== undefined ? "UserParameters.timeoutMinutes" : "pipeline.verify.timeoutMinutes";
  return `${bakeName} (${bake}) must be shorter than ${timeoutName} (${timeout}): verify would time out before the bake ended`;
}

// The ECS deploy action's own configuration takes names; people copy ARNs from the console too.
// An ARN also names the service's account and Region, which a name cannot.
const CLUSTER_ARN = /^arn:[^:]+:ecs:([^:]*):([^:]*):cluster\/([^/]+)$/;
const SERVICE_ARN = /^arn:[^:]+:ecs:([^:]*):([^:]*):service\/(?:([^/]+)\/)?([^/]+)$/;

type Names = { ok: true; cluster: string; service: string; place?: Place | undefined } | { ok: false; problem: string };

/** The cluster's and service's names from names or ARNs (`…:service/<cluster>/<name>`, or the old `…:service/<name>`). */
function namesOf(clusterParam: string, serviceParam: string): Names {
  let cluster = clusterParam;
  let place: Place | undefined;
  if (clusterParam.startsWith("arn:")) {
    const m = CLUSTER_ARN.exec(clusterParam);
    if (!m)
      return {
        ok: false,
        problem: `UserParameters.cluster: ${clusterParam} is not an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)`,
      };
    cluster = m[3]!;
    place = placeIn(m[1]!, m[2]!);
  }
  if (!serviceParam.startsWith("arn:")) return { ok: true, cluster, service: serviceParam, place };
  const m = SERVICE_ARN.exec(serviceParam);
  if (!m)
    return {
      ok: false,
      problem: `UserParameters.service: ${serviceParam} is not an ECS service ARN (arn:aws:ecs:<region>:<account>:service/<cluster>/<name>)`,
    };
  if (m[3] !== undefined && m[3] !== cluster)
    return {
      ok: false,
      problem: `UserParameters.service: the ARN names cluster ${m[3]}, UserParameters.cluster names ${cluster}`,
    };
  const servicePlace = placeIn(m[1]!, m[2]!);
  if (place && servicePlace && (place.account !== servicePlace.account || place.region !== servicePlace.region))
    return {
      ok: false,
      problem: `UserParameters.service: the ARN names account ${servicePlace.account} (${servicePlace.region}), UserParameters.cluster names ${place.account} (${place.region})`,
    };
  return { ok: true, cluster, service: m[4]!, place: servicePlace ?? place };
}

/** An ARN's Region and account; undefined when it leaves either out. */
const placeIn = (region: string, account: string): Place | undefined =>
  region && account ? { account, region } : undefined;
