import { InvalidEventError } from "../errors.ts";

/** "arn:aws:ecs:r:a:cluster/NAME" → "NAME"; a bare name is returned as is. */
export function clusterName(clusterArnOrName: string): string {
  const slash = clusterArnOrName.lastIndexOf("cluster/");
  return slash >= 0 ? clusterArnOrName.slice(slash + "cluster/".length) : clusterArnOrName;
}

/** The last path segment of a task ARN (new and old formats). */
export function taskId(taskArn: string): string {
  return taskArn.slice(taskArn.lastIndexOf("/") + 1);
}

/**
 * Cluster and service from a service ARN: "…:service/CLUSTER/SERVICE". The old ARN format
 * ("…:service/SERVICE") has no cluster, so the caller passes the cluster it knows from elsewhere.
 */
export function serviceFromArn(
  serviceArn: string | undefined,
  clusterArn?: string,
): { cluster: string; service: string } {
  const path = serviceArn?.split(":service/")[1];
  if (!path) throw new InvalidEventError("invalid event", ["resources.0 is required: the service ARN"]);
  const parts = path.split("/");
  if (parts.length >= 2) return { cluster: parts[0]!, service: parts.slice(1).join("/") };
  if (!clusterArn)
    throw new InvalidEventError("invalid event", ["detail.clusterArn is required with an old-format service ARN"]);
  return { cluster: clusterName(clusterArn), service: parts[0]! };
}

/** "arn:…:task-definition/web:42" → "web:42" (family:revision, how people name revisions). */
export function taskDefinitionName(arn: string): string {
  const i = arn.lastIndexOf("task-definition/");
  return i >= 0 ? arn.slice(i + "task-definition/".length) : arn;
}
