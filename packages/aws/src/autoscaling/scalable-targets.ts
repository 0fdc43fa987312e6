import {
  type ApplicationAutoScalingClient,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  RegisterScalableTargetCommand,
  type ScalableTarget,
  type ScalingPolicy,
} from "@aws-sdk/client-application-auto-scaling";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import { serviceKey } from "@ecs-guardrails/core/model/service-ref";
import type {
  RangeChange,
  ScalableTargets,
  ScalingPolicySummary,
} from "@ecs-guardrails/core/capabilities/scheduled-scaling/ports";
import type { ScalableTargetView } from "@ecs-guardrails/core/model/snapshot";
import { AwsAdapterError } from "../errors.ts";

// Application Auto Scaling for ECS services (ResourceId service/<cluster>/<service>, dimension
// ecs:service:DesiredCount). DescribeScalableTargets takes up to 50 resource ids a call, so a
// reconcile of 1,000 services asks 20 times, not 1,000.

const NAMESPACE = "ecs";
const DIMENSION = "ecs:service:DesiredCount";
const BATCH = 50;

/** The service has no scalable target (any more): setting its range would register a new one. */
export class ScalableTargetMissingError extends AwsAdapterError {
  override name = "ScalableTargetMissingError";
}

export class AppAutoScalingTargets implements ScalableTargets {
  private readonly client: ApplicationAutoScalingClient;

  constructor(client: ApplicationAutoScalingClient) {
    this.client = client;
  }

  async describe(refs: readonly ServiceRef[]): Promise<Map<string, ScalableTargetView>> {
    const out = new Map<string, ScalableTargetView>();
    for (let i = 0; i < refs.length; i += BATCH) {
      // Keyed by the asked reference: a member's service keeps its account and Region, which
      // its ResourceId (service/cluster/name, the same in every account) does not carry.
      const asked = new Map(refs.slice(i, i + BATCH).map((r) => [resourceId(r), r]));
      const ids = [...asked.keys()];
      let token: string | undefined;
      do {
        const page = await this.call(refs[i]!, "DescribeScalableTargets", () =>
          this.client.send(
            new DescribeScalableTargetsCommand({
              ServiceNamespace: NAMESPACE,
              ScalableDimension: DIMENSION,
              ResourceIds: ids,
              NextToken: token,
            }),
          ),
        );
        for (const t of page.ScalableTargets ?? []) {
          const ref = asked.get(t.ResourceId ?? "");
          if (ref) out.set(serviceKey(ref), toView(t));
        }
        token = page.NextToken;
      } while (token);
    }
    return out;
  }

  /**
   * Moves an existing target's range; never leaves a new one behind. RegisterScalableTarget
   * has no condition and creates a target when none is registered, so a describe before it
   * races a deregistration. Each registration of a target gets its own ARN: when the register
   * answers with another ARN than the describe saw, the target was deregistered in between and
   * this call created the one now there, so it is deregistered again at once. Not fully
   * race-free (Application Auto Scaling offers no conditional write): for the milliseconds
   * between the two calls the new target exists, and its range may already have moved the
   * desired count; a person who deregisters and registers again inside that gap loses the new
   * registration. https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html
   */
  async setRange(ref: ServiceRef, change: RangeChange): Promise<void> {
    const seen = await this.registration(ref);
    if (!seen)
      throw new ScalableTargetMissingError(
        `${serviceKey(ref)} has no scalable target any more; its capacity was not changed`,
        { ...ref },
      );
    const out = await this.call(ref, "RegisterScalableTarget", () =>
      this.client.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: NAMESPACE,
          ScalableDimension: DIMENSION,
          ResourceId: resourceId(ref),
          MinCapacity: change.minCapacity,
          MaxCapacity: change.maxCapacity,
          ...(change.suspendedState
            ? {
                SuspendedState: {
                  DynamicScalingInSuspended: change.suspendedState.dynamicScalingInSuspended,
                  DynamicScalingOutSuspended: change.suspendedState.dynamicScalingOutSuspended,
                  ScheduledScalingSuspended: change.suspendedState.scheduledScalingSuspended,
                },
              }
            : {}),
        }),
      ),
    );
    // Without both ARNs (an older API answer) there is nothing to compare: the describe stands.
    if (!seen.arn || !out.ScalableTargetARN || out.ScalableTargetARN === seen.arn) return;
    await this.call(ref, "DeregisterScalableTarget", () =>
      this.client.send(
        new DeregisterScalableTargetCommand({
          ServiceNamespace: NAMESPACE,
          ScalableDimension: DIMENSION,
          ResourceId: resourceId(ref),
        }),
      ),
    );
    throw new ScalableTargetMissingError(
      `${serviceKey(ref)}'s scalable target was deregistered while its range was being set; the one the change registered was removed again`,
      { ...ref },
    );
  }

  /** The service's registered target (its ARN, when the API names it), or undefined. */
  private async registration(ref: ServiceRef): Promise<{ arn: string | undefined } | undefined> {
    const page = await this.call(ref, "DescribeScalableTargets", () =>
      this.client.send(
        new DescribeScalableTargetsCommand({
          ServiceNamespace: NAMESPACE,
          ScalableDimension: DIMENSION,
          ResourceIds: [resourceId(ref)],
        }),
      ),
    );
    const found = (page.ScalableTargets ?? []).find((t) => t.ResourceId === resourceId(ref));
    return found ? { arn: found.ScalableTargetARN } : undefined;
  }

  async scalingPolicies(ref: ServiceRef): Promise<ScalingPolicySummary[]> {
    const out: ScalingPolicySummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(ref, "DescribeScalingPolicies", () =>
        this.client.send(
          new DescribeScalingPoliciesCommand({
            ServiceNamespace: NAMESPACE,
            ScalableDimension: DIMENSION,
            ResourceId: resourceId(ref),
            NextToken: token,
          }),
        ),
      );
      for (const p of page.ScalingPolicies ?? []) {
        const tt = p.TargetTrackingScalingPolicyConfiguration;
        out.push({
          name: p.PolicyName ?? "",
          type: p.PolicyType ?? "unknown",
          targetValue: tt?.TargetValue,
          metric:
            tt?.PredefinedMetricSpecification?.PredefinedMetricType ??
            (tt?.CustomizedMetricSpecification ? "custom" : undefined),
          disableScaleIn: tt?.DisableScaleIn ?? false,
        });
      }
      token = page.NextToken;
    } while (token);
    return out;
  }

  /**
   * Right-sizing: every scaling policy of ECS services in the account and region, by
   * "cluster/service", in one paged listing of the namespace (no ResourceId), instead of one
   * DescribeScalingPolicies per service. The policies come as the SDK returns them.
   */
  async scalingPoliciesByService(): Promise<Map<string, ScalingPolicy[]>> {
    const out = new Map<string, ScalingPolicy[]>();
    let token: string | undefined;
    do {
      const page = await this.call({ cluster: "*", service: "*" }, "DescribeScalingPolicies", () =>
        this.client.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: NAMESPACE, NextToken: token })),
      );
      for (const p of page.ScalingPolicies ?? []) {
        const ref = p.ScalableDimension === DIMENSION ? refOf(p.ResourceId) : undefined;
        if (ref) out.set(serviceKey(ref), [...(out.get(serviceKey(ref)) ?? []), p]);
      }
      token = page.NextToken;
    } while (token);
    return out;
  }

  private async call<T>(ref: ServiceRef, operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const code = (error as { name?: string }).name ?? "Error";
      throw new AwsAdapterError(
        `Application Auto Scaling ${operation} failed for ${serviceKey(ref)}: ${code}: ${(error as Error).message}`,
        { ...ref, operation, code },
        { cause: error },
      );
    }
  }
}

export const resourceId = (r: ServiceRef) => `service/${r.cluster}/${r.service}`;

function refOf(id: string | undefined): ServiceRef | undefined {
  const m = /^service\/([^/]+)\/([^/]+)$/.exec(id ?? "");
  return m ? { cluster: m[1]!, service: m[2]! } : undefined;
}

function toView(t: ScalableTarget): ScalableTargetView {
  const s = t.SuspendedState;
  return {
    minCapacity: t.MinCapacity ?? 0,
    maxCapacity: t.MaxCapacity ?? 0,
    suspended: {
      dynamicScalingInSuspended: s?.DynamicScalingInSuspended ?? false,
      dynamicScalingOutSuspended: s?.DynamicScalingOutSuspended ?? false,
      scheduledScalingSuspended: s?.ScheduledScalingSuspended ?? false,
    },
  };
}
