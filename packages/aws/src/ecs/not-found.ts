const NOT_FOUND = new Set(["ClusterNotFoundException", "ServiceNotFoundException", "ServiceNotActiveException"]);

/** ECS's answers for a cluster or service that does not exist (any more). */
export function isNotFound(error: unknown): boolean {
  return error instanceof Error && NOT_FOUND.has(error.name);
}
