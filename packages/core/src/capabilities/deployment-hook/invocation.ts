import * as z from "../../zod.ts";
import { serviceFromArn } from "../../events/arns.ts";
import type { ServiceRef } from "../../events/model.ts";
import { describeIssues } from "../../events/zod-issues.ts";
import { HOOK_STAGES, type HookStage } from "./settings.ts";
import type { Place } from "../../model/service-ref.ts";

// What ECS sends a Lambda lifecycle hook (ECS developer guide, "Lambda hooks for Amazon ECS
// service deployments"): the execution, the stage, the service deployment (`resourceArn`), the
// execution details and `hookDetails` — the service's own configured object merged with what
// the last IN_PROGRESS answer returned. Unknown keys are accepted: ECS adds fields over time.

const arn = z.string().check(z.minLength(1));
const weights = z.optional(z.record(z.string(), z.number()));

const schema = z.looseObject({
  executionId: z.string().check(z.minLength(1)),
  lifecycleStage: z.enum(HOOK_STAGES),
  resourceArn: arn.check(z.includes(":service-deployment/")),
  executionDetails: z.looseObject({
    serviceArn: arn.check(z.includes(":service/")),
    targetServiceRevisionArn: arn.check(z.includes(":service-revision/")),
    testTrafficWeights: weights,
    productionTrafficWeights: weights,
  }),
  hookDetails: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
});

export type HookInvocation = {
  executionId: string;
  stage: HookStage;
  /** The service deployment ARN. */
  resourceArn: string;
  ref: ServiceRef;
  /** The account and Region the service ARN names: a hub tells a member's service by them (run.ts). */
  arnPlace: Place | undefined;
  targetRevisionArn: string;
  /**
   * The `ecs-svc/…` deployment of the target revision, as task events name it in `startedBy`:
   * resolved through ECS (identity.ts), never derived from the ARNs. Until it is resolved (a
   * malformed or unresolvable invocation), the service deployment ARN stands in for it.
   */
  deploymentId: string;
  testTrafficWeights: Record<string, number>;
  productionTrafficWeights: Record<string, number>;
  hookDetails: Record<string, unknown>;
};

export type ParsedInvocation =
  | { ok: true; invocation: HookInvocation }
  /** `ref` when the service can still be told, so the answer is recorded in its history. */
  | { ok: false; problem: string; hookDetails: Record<string, unknown>; ref: ServiceRef | undefined };

/** Never throws: a malformed invocation is a value naming every wrong field. */
export function parseInvocation(raw: unknown): ParsedInvocation {
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      problem: `malformed hook invocation: ${describeIssues(parsed.error).join("; ")}`,
      hookDetails: detailsOf(raw),
      ref: refOf(raw),
    };
  const d = parsed.data;
  const { serviceArn, targetServiceRevisionArn } = d.executionDetails;
  const path = serviceArn.split(":service/")[1] ?? "";
  // The old ARN format has no cluster; the service deployment ARN always has one.
  const ref = path.includes("/")
    ? serviceFromArn(serviceArn)
    : { cluster: clusterOfDeployment(d.resourceArn), service: path };
  return {
    ok: true,
    invocation: {
      executionId: d.executionId,
      stage: d.lifecycleStage,
      resourceArn: d.resourceArn,
      ref,
      arnPlace: placeOfArn(serviceArn),
      targetRevisionArn: targetServiceRevisionArn,
      deploymentId: d.resourceArn,
      testTrafficWeights: d.executionDetails.testTrafficWeights ?? {},
      productionTrafficWeights: d.executionDetails.productionTrafficWeights ?? {},
      hookDetails: d.hookDetails ?? {},
    },
  };
}

/**
 * ECS re-runs TEST_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT while it rolls back, with the
 * target (green) revision still named but its traffic going to 0 and another revision's up.
 */
export function isRollingBack(i: HookInvocation): boolean {
  if (i.stage !== "TEST_TRAFFIC_SHIFT" && i.stage !== "PRODUCTION_TRAFFIC_SHIFT") return false;
  const weights = i.stage === "TEST_TRAFFIC_SHIFT" ? i.testTrafficWeights : i.productionTrafficWeights;
  const others = Object.entries(weights).filter(([revision]) => revision !== i.targetRevisionArn);
  return (weights[i.targetRevisionArn] ?? 0) === 0 && others.some(([, w]) => w > 0);
}

function detailsOf(raw: unknown): Record<string, unknown> {
  const details = (raw as { hookDetails?: unknown } | null | undefined)?.hookDetails;
  return typeof details === "object" && details !== null && !Array.isArray(details)
    ? (details as Record<string, unknown>)
    : {};
}

function refOf(raw: unknown): ServiceRef | undefined {
  const arn = (raw as { executionDetails?: { serviceArn?: unknown } } | null | undefined)?.executionDetails?.serviceArn;
  const path = typeof arn === "string" ? arn.split(":service/")[1] : undefined;
  return path?.includes("/") && !path.endsWith("/") ? serviceFromArn(arn as string) : undefined;
}

/** arn:partition:ecs:region:account:service/… → its account and Region. */
function placeOfArn(arn: string): Place | undefined {
  const [, , , region, account] = arn.split(":");
  return region && account ? { account, region } : undefined;
}

function clusterOfDeployment(resourceArn: string): string {
  return resourceArn.split(":service-deployment/")[1]?.split("/")[0] ?? "";
}
