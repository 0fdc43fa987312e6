import type { EcsSimulator } from "./api.ts";

// Application Auto Scaling for ECS services, simulated: scalable targets (ecs:service:DesiredCount)
// with their min/max and suspended state, scaling policies, and what target tracking does to the
// service's desired count. Inputs and outputs are the API's shapes (PascalCase), so the endpoint
// only maps errors. Only the ECS namespace is simulated; cooldowns and alarms are not.

export type AutoScalingErrorCode = "ValidationException" | "ObjectNotFoundException";

export class AutoScalingApiError extends Error {
  override readonly name: AutoScalingErrorCode;
  constructor(code: AutoScalingErrorCode, message: string) {
    super(message);
    this.name = code;
  }
}

export type SuspendedState = {
  DynamicScalingInSuspended: boolean;
  DynamicScalingOutSuspended: boolean;
  ScheduledScalingSuspended: boolean;
};

type Target = {
  ResourceId: string;
  MinCapacity: number;
  MaxCapacity: number;
  SuspendedState: SuspendedState;
  RoleARN: string;
  CreationTime: Date;
  ScalableTargetARN: string;
};

type TargetTracking = {
  TargetValue: number;
  PredefinedMetricSpecification?: { PredefinedMetricType: string };
  ScaleInCooldown?: number;
  ScaleOutCooldown?: number;
  DisableScaleIn?: boolean;
};

type Policy = {
  PolicyARN: string;
  PolicyName: string;
  ResourceId: string;
  PolicyType: string;
  TargetTrackingScalingPolicyConfiguration: TargetTracking | undefined;
  CreationTime: Date;
};

/** The ECS side: read and set a service's desired count (the simulated ECS, in a local run). */
export type EcsCapacity = {
  desiredCount(cluster: string, service: string): number | undefined;
  setDesiredCount(cluster: string, service: string, count: number): void;
};

export function ecsCapacityOf(ecs: EcsSimulator): EcsCapacity {
  return {
    desiredCount: (cluster, service) =>
      ecs.describeServices({ cluster, services: [service] }).services[0]?.desiredCount,
    setDesiredCount: (cluster, service, count) => void ecs.updateService({ cluster, service, desiredCount: count }),
  };
}

const DIMENSION = "ecs:service:DesiredCount";
const RESOURCE = /^service\/([^/]+)\/([^/]+)$/;
const NOT_SUSPENDED: SuspendedState = {
  DynamicScalingInSuspended: false,
  DynamicScalingOutSuspended: false,
  ScheduledScalingSuspended: false,
};

export type AppAutoScalingOptions = { ecs: EcsCapacity; now: () => number; account?: string; region?: string };

export class AppAutoScalingSimulator {
  readonly #targets = new Map<string, Target>();
  readonly #policies = new Map<string, Policy>();
  /** Per service: the work to do, in tasks' worth at 100 % CPU (what target tracking measures). */
  readonly #demand = new Map<string, number>();
  readonly #options: AppAutoScalingOptions;
  #ids = 0;

  constructor(options: AppAutoScalingOptions) {
    this.#options = options;
  }

  registerScalableTarget = (input: Record<string, unknown>) => {
    const id = resourceOf(input);
    const existing = this.#targets.get(id);
    const min = optionalCount(input, "MinCapacity") ?? existing?.MinCapacity;
    const max = optionalCount(input, "MaxCapacity") ?? existing?.MaxCapacity;
    if (min === undefined || max === undefined)
      throw validation("MinCapacity and MaxCapacity are required for registering a new scalable target.");
    if (min > max)
      throw validation(`Minimum capacity cannot be greater than maximum capacity. Provided: min ${min}, max ${max}.`);
    const [cluster, service] = serviceOf(id);
    const desired = this.#options.ecs.desiredCount(cluster, service);
    if (desired === undefined) throw validation(`ECS service doesn't exist: ${id}`);
    const suspended = { ...(existing?.SuspendedState ?? NOT_SUSPENDED), ...suspendedOf(input["SuspendedState"]) };
    const target: Target = existing
      ? { ...existing, MinCapacity: min, MaxCapacity: max, SuspendedState: suspended }
      : {
          ResourceId: id,
          MinCapacity: min,
          MaxCapacity: max,
          SuspendedState: suspended,
          RoleARN: this.#arn(
            "iam",
            "",
            "role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
          ),
          CreationTime: new Date(this.#options.now()),
          ScalableTargetARN: this.#arn(
            "application-autoscaling",
            this.#region(),
            `scalable-target/${(++this.#ids).toString(36).padStart(12, "0")}`,
          ),
        };
    this.#targets.set(id, target);
    // Application Auto Scaling moves the desired count into a new range at once.
    const clamped = Math.min(Math.max(desired, min), max);
    if (clamped !== desired) this.#options.ecs.setDesiredCount(cluster, service, clamped);
    return { ScalableTargetARN: target.ScalableTargetARN };
  };

  describeScalableTargets = (input: Record<string, unknown>) => {
    namespaceOf(input);
    const ids = stringList(input, "ResourceIds", 50);
    const matching = [...this.#targets.values()].filter(
      (t) => (!ids || ids.includes(t.ResourceId)) && dimensionMatches(input),
    );
    const page = paginate(matching, input, MAX_TARGETS_PAGE);
    return {
      ScalableTargets: page.items.map((t) => ({
        ServiceNamespace: "ecs",
        ScalableDimension: DIMENSION,
        ...structuredClone(t),
      })),
      ...(page.next ? { NextToken: page.next } : {}),
    };
  };

  deregisterScalableTarget = (input: Record<string, unknown>) => {
    const id = resourceOf(input);
    if (!this.#targets.delete(id))
      throw new AutoScalingApiError(
        "ObjectNotFoundException",
        `No scalable target registered for service namespace: ecs, resource ID: ${id}, scalable dimension: ${DIMENSION}`,
      );
    for (const [arn, p] of this.#policies) if (p.ResourceId === id) this.#policies.delete(arn);
    return {};
  };

  putScalingPolicy = (input: Record<string, unknown>) => {
    const id = resourceOf(input);
    if (!this.#targets.has(id))
      throw new AutoScalingApiError(
        "ObjectNotFoundException",
        `No scalable target registered for service namespace: ecs, resource ID: ${id}, scalable dimension: ${DIMENSION}`,
      );
    const name = input["PolicyName"];
    if (typeof name !== "string" || name === "") throw validation("PolicyName is required.");
    const type = input["PolicyType"] ?? "StepScaling";
    if (type !== "TargetTrackingScaling") throw validation("Only TargetTrackingScaling policies are simulated.");
    const config = input["TargetTrackingScalingPolicyConfiguration"] as TargetTracking | undefined;
    if (!config || typeof config.TargetValue !== "number" || config.TargetValue <= 0)
      throw validation("TargetTrackingScalingPolicyConfiguration.TargetValue must be a positive number.");
    const existing = [...this.#policies.values()].find((p) => p.ResourceId === id && p.PolicyName === name);
    const arn =
      existing?.PolicyARN ??
      this.#arn(
        "autoscaling",
        this.#region(),
        `scalingPolicy:${(++this.#ids).toString(36)}:resource/ecs/${id}:policyName/${name}`,
      );
    this.#policies.set(arn, {
      PolicyARN: arn,
      PolicyName: name,
      ResourceId: id,
      PolicyType: type,
      TargetTrackingScalingPolicyConfiguration: structuredClone(config),
      CreationTime: existing?.CreationTime ?? new Date(this.#options.now()),
    });
    return { PolicyARN: arn, Alarms: [] };
  };

  describeScalingPolicies = (input: Record<string, unknown>) => {
    namespaceOf(input);
    // Here the dimension is an optional filter (it needs a ResourceId), unlike on the target calls.
    if (input["ScalableDimension"] !== undefined && input["ResourceId"] === undefined)
      throw validation("ResourceId is required when ScalableDimension is given.");
    const ids =
      input["ResourceId"] === undefined ? undefined : [resourceOf({ ScalableDimension: DIMENSION, ...input })];
    const names = stringList(input, "PolicyNames", 50);
    const matching = [...this.#policies.values()].filter(
      (p) => (!ids || ids.includes(p.ResourceId)) && (!names || names.includes(p.PolicyName)),
    );
    const page = paginate(matching, input, MAX_POLICIES_PAGE);
    const policies = page.items.map(({ TargetTrackingScalingPolicyConfiguration: tt, ...p }) => ({
      ...p,
      ServiceNamespace: "ecs",
      ScalableDimension: DIMENSION,
      ...(tt ? { TargetTrackingScalingPolicyConfiguration: structuredClone(tt) } : {}),
      Alarms: [],
    }));
    return { ScalingPolicies: policies, ...(page.next ? { NextToken: page.next } : {}) };
  };

  /** Sets how much work a service has, in tasks' worth at 100 % CPU (a test's or demo's lever). */
  setDemand(cluster: string, service: string, taskUnits: number): void {
    this.#demand.set(`service/${cluster}/${service}`, taskUnits);
  }

  /** The CPU utilisation target tracking would measure now, or undefined with no tasks or no demand set. */
  utilisation(cluster: string, service: string): number | undefined {
    const demand = this.#demand.get(`service/${cluster}/${service}`);
    const desired = this.#options.ecs.desiredCount(cluster, service);
    return demand === undefined || !desired ? undefined : (demand / desired) * 100;
  }

  /**
   * One evaluation of every target-tracking policy: the desired count that brings the metric to
   * the target value, within min/max, unless that direction is suspended or scale-in disabled.
   * Several policies on one target: the largest count wins, as in Application Auto Scaling.
   */
  evaluateTargetTracking(): { resourceId: string; from: number; to: number }[] {
    const changes: { resourceId: string; from: number; to: number }[] = [];
    for (const target of this.#targets.values()) {
      const [cluster, service] = serviceOf(target.ResourceId);
      const current = this.#options.ecs.desiredCount(cluster, service);
      const metric = this.utilisation(cluster, service);
      const policies = [...this.#policies.values()].filter(
        (p) => p.ResourceId === target.ResourceId && p.TargetTrackingScalingPolicyConfiguration,
      );
      if (current === undefined || metric === undefined || policies.length === 0) continue;
      const wanted = Math.max(
        ...policies.map((p) => Math.ceil((current * metric) / p.TargetTrackingScalingPolicyConfiguration!.TargetValue)),
      );
      const scaleInAllowed =
        !target.SuspendedState.DynamicScalingInSuspended &&
        policies.every((p) => !p.TargetTrackingScalingPolicyConfiguration!.DisableScaleIn);
      let next = Math.min(Math.max(wanted, target.MinCapacity), target.MaxCapacity);
      if (next < current && !scaleInAllowed) next = current;
      if (next > current && target.SuspendedState.DynamicScalingOutSuspended) next = current;
      if (next !== current) {
        this.#options.ecs.setDesiredCount(cluster, service, next);
        changes.push({ resourceId: target.ResourceId, from: current, to: next });
      }
    }
    return changes;
  }

  #region = () => this.#options.region ?? "us-east-1";
  #arn = (service: string, region: string, resource: string) =>
    `arn:aws:${service}:${region}:${this.#options.account ?? "111122223333"}:${resource}`;
}

function validation(message: string): AutoScalingApiError {
  return new AutoScalingApiError("ValidationException", message);
}

function namespaceOf(input: Record<string, unknown>): void {
  if (input["ServiceNamespace"] === undefined)
    throw validation(
      "1 validation error detected: Value null at 'serviceNamespace' failed to satisfy constraint: Member must not be null",
    );
  if (input["ServiceNamespace"] !== "ecs")
    throw validation(
      `The local endpoints simulate only the ecs service namespace, not ${String(input["ServiceNamespace"])}.`,
    );
}

function dimensionMatches(input: Record<string, unknown>): boolean {
  return input["ScalableDimension"] === undefined || input["ScalableDimension"] === DIMENSION;
}

function resourceOf(input: Record<string, unknown>): string {
  namespaceOf(input);
  const id = input["ResourceId"];
  if (typeof id !== "string" || !RESOURCE.test(id))
    throw validation(`ResourceId must look like service/<cluster>/<service>, got ${JSON.stringify(id ?? null)}.`);
  if (input["ScalableDimension"] !== DIMENSION)
    throw validation(`ScalableDimension must be ${DIMENSION} for an ECS service.`);
  return id;
}

function serviceOf(id: string): [string, string] {
  const [, cluster, service] = RESOURCE.exec(id)!;
  return [cluster!, service!];
}

function optionalCount(input: Record<string, unknown>, key: string): number | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
    throw validation(`${key} must be a non-negative integer.`);
  return v;
}

function suspendedOf(raw: unknown): Partial<SuspendedState> {
  if (raw === undefined || raw === null) return {};
  const out: Partial<SuspendedState> = {};
  for (const key of ["DynamicScalingInSuspended", "DynamicScalingOutSuspended", "ScheduledScalingSuspended"] as const) {
    const v = (raw as Record<string, unknown>)[key];
    if (v !== undefined && typeof v !== "boolean") throw validation(`SuspendedState.${key} must be a boolean.`);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function stringList(input: Record<string, unknown>, key: string, max: number): string[] | undefined {
  const v = input[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string"))
    throw validation(`${key} must be a list of strings.`);
  if (v.length > max) throw validation(`${key} can hold at most ${max} items.`);
  return v as string[];
}

// MaxResults ranges (and defaults) from the API reference; the service model leaves them out:
// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalableTargets.html
// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalingPolicies.html
const MAX_TARGETS_PAGE = 50;
const MAX_POLICIES_PAGE = 10;

function paginate<T>(
  items: T[],
  input: Record<string, unknown>,
  limit: number,
): { items: T[]; next: string | undefined } {
  const max = input["MaxResults"] === undefined ? limit : Number(input["MaxResults"]);
  if (!Number.isInteger(max) || max < 1 || max > limit) throw validation(`MaxResults must be between 1 and ${limit}.`);
  const start = input["NextToken"] === undefined ? 0 : Number(input["NextToken"]);
  if (!Number.isInteger(start) || start < 0) throw validation("Invalid NextToken.");
  const next = start + max < items.length ? String(start + max) : undefined;
  return { items: items.slice(start, start + max), next };
}
