// Errors of the simulated ECS API. `name` is the AWS error code the endpoints put in `__type`,
// so the SDK raises its own exception class (ServiceNotFoundException, ...) for it.

export type EcsErrorCode =
  | "ClusterNotFoundException"
  | "ServiceNotFoundException"
  | "ServiceNotActiveException"
  | "InvalidParameterException"
  | "ClientException";

export class EcsApiError extends Error {
  override readonly name: EcsErrorCode;
  constructor(code: EcsErrorCode, message: string) {
    super(message);
    this.name = code;
  }
}

export const notFound = {
  cluster: () => new EcsApiError("ClusterNotFoundException", "Cluster not found."),
  service: () => new EcsApiError("ServiceNotFoundException", "Service not found."),
  taskDefinition: () => new EcsApiError("ClientException", "Unable to describe task definition."),
};

export function invalidParameter(message: string): EcsApiError {
  return new EcsApiError("InvalidParameterException", message);
}
