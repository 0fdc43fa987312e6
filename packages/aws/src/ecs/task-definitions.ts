import {
  DescribeTaskDefinitionCommand,
  type DescribeTaskDefinitionCommandOutput,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
  type TaskDefinition,
} from "@aws-sdk/client-ecs";
import type { TaskDefinitionReader, TaskDefinitionView } from "@ecs-guardrails/core/capabilities/right-sizing/ports";
import type { Recommendation } from "@ecs-guardrails/core/capabilities/right-sizing/types";
import { AwsAdapterError } from "../errors.ts";
import { isNotFound } from "./not-found.ts";

// Task definitions for right-sizing: what each task and container reserves, and the
// architecture it runs on. A revision never changes, so each is described once per process.

export class EcsTaskDefinitions implements TaskDefinitionReader {
  private readonly client: ECSClient;
  private readonly cache = new Map<string, TaskDefinitionView | undefined>();

  constructor(client: ECSClient) {
    this.client = client;
  }

  async taskDefinition(arn: string): Promise<TaskDefinitionView | undefined> {
    if (this.cache.has(arn)) return this.cache.get(arn);
    const out = await this.describeRevision(arn);
    const view = out?.taskDefinition ? viewOf(out.taskDefinition) : undefined;
    this.cache.set(arn, view);
    return view;
  }

  /** DescribeTaskDefinition as ECS answers it (tags included), for `--task-definition-out`. */
  async describeRevision(arn: string): Promise<DescribeTaskDefinitionCommandOutput | undefined> {
    try {
      return await this.client.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ["TAGS"] }));
    } catch (error) {
      if (isNotFound(error) || (error as Error).name === "ClientException") return undefined;
      throw new AwsAdapterError(
        `ECS DescribeTaskDefinition failed for ${arn}: ${(error as Error).message}`,
        { taskDefinition: arn },
        { cause: error },
      );
    }
  }
}

export function viewOf(td: TaskDefinition): TaskDefinitionView {
  const number = (v: string | number | undefined) =>
    v === undefined || v === "" || !Number.isFinite(Number(v)) ? undefined : Number(v);
  return {
    arn: td.taskDefinitionArn ?? "",
    cpu: number(td.cpu),
    memory: number(td.memory),
    architecture: td.runtimePlatform?.cpuArchitecture === "ARM64" ? "arm64" : "x86_64",
    containers: (td.containerDefinitions ?? []).map((c) => ({
      name: c.name ?? "",
      cpu: c.cpu,
      memory: c.memory,
      memoryReservation: c.memoryReservation,
    })),
  };
}

/**
 * The RegisterTaskDefinition input of a new revision with the recommended sizes: the described
 * revision's own request fields, read-only fields (ARN, revision, status, who registered it)
 * left out. On Fargate the task's cpu/memory change; on EC2 the containers' reservations.
 */
export function registerInputWithSizes(
  described: DescribeTaskDefinitionCommandOutput,
  recommendation: Recommendation,
): RegisterTaskDefinitionCommandInput {
  const td = described.taskDefinition;
  if (!td?.family || !td.containerDefinitions)
    throw new AwsAdapterError("DescribeTaskDefinition returned no task definition", {});
  const {
    taskDefinitionArn: _a,
    revision: _r,
    status: _s,
    requiresAttributes: _q,
    compatibilities: _c,
    registeredAt: _at,
    registeredBy: _by,
    deregisteredAt: _d,
    // Set once a revision is being deleted; RegisterTaskDefinition refuses it like the others.
    deleteRequestedAt: _del,
    ...request
  } = td;
  const recommended = recommendation.recommended;
  const advice = new Map((recommendation.containers ?? []).map((c) => [c.name, c]));
  return {
    ...(request as RegisterTaskDefinitionCommandInput),
    family: td.family,
    ...(recommendation.launchType === "FARGATE" && recommended
      ? { cpu: String(recommended.cpu), memory: String(recommended.memory) }
      : {}),
    containerDefinitions: td.containerDefinitions.map((c) => {
      const a = advice.get(c.name ?? "");
      return a ? { ...c, cpu: a.cpu, memory: a.memory, memoryReservation: a.memoryReservation } : c;
    }),
    ...(described.tags?.length ? { tags: described.tags } : {}),
  };
}
