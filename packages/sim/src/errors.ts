// Errors of the simulated ECS API. `name` is the AWS error code the endpoints put in `__type`,
// so the SDK raises its own exception class (ServiceNotFoundException, ...) for it.

export type EcsErrorCode =
  | "ClusterNotFoundException"
  | "ServiceNotFoundException"
  | "ServiceNotActiveException"
  | "InvalidParameterException"
  | "ClientException"
  | "ConflictException"
  | "ServiceDeploymentNotFoundException"
  | "ResourceNotFoundException";

export class EcsApiError extends Error {
  override readonly name: EcsErrorCode;
  /** Members the error shape has besides the message (ConflictException's resourceIds). */
  readonly fields: Record<string, unknown>;
  constructor(code: EcsErrorCode, message: string, fields: Record<string, unknown> = {}) {
    super(message);
    this.name = code;
    this.fields = fields;
    Object.assign(this, fields);
  }
}

export const notFound = {
  cluster: () => new EcsApiError("ClusterNotFoundException", "Cluster not found."),
  service: () => new EcsApiError("ServiceNotFoundException", "Service not found."),
  taskDefinition: () => new EcsApiError("ClientException", "Unable to describe task definition."),
  serviceDeployment: (arn: string) =>
    new EcsApiError("ServiceDeploymentNotFoundException", `The service deployment ${arn} does not exist.`),
};

export function invalidParameter(message: string): EcsApiError {
  return new EcsApiError("InvalidParameterException", message);
}
