import type { EcsSimulator } from "../api.ts";
import { createCluster, createService, registerTaskDefinition } from "../create-api.ts";
import { EcsApiError } from "../errors.ts";
import type { JsonService, Operation } from "./json-service.ts";
import { AwsError, JSON_1_1 } from "./protocol.ts";

// ECS (JSON 1.1, target prefix AmazonEC2ContainerServiceV20141113), backed by the simulator.
// The simulator already speaks the API's input and output shapes; this maps its errors to AWS
// errors and keeps a request from reaching it with a field of the wrong type.

export const ECS_TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113";

export function ecsService(sim: EcsSimulator): JsonService {
  const op =
    <I>(run: (input: I) => unknown, check: (input: Record<string, unknown>) => void = () => {}): Operation =>
    (input) => {
      check(input);
      try {
        return run(input as I);
      } catch (error) {
        if (error instanceof EcsApiError) throw new AwsError(error.name, error.message, 400, error.fields);
        throw error;
      }
    };
  return {
    name: "ECS",
    targetPrefix: ECS_TARGET_PREFIX,
    contentType: JSON_1_1,
    operations: {
      DescribeServices: op(sim.describeServices, strings(["cluster"], ["services", "include"])),
      UpdateService: op(sim.updateService, strings(["cluster", "service", "taskDefinition"], [])),
      DescribeTaskDefinition: op(sim.describeTaskDefinition, strings(["taskDefinition"], ["include"])),
      ListClusters: op(sim.listClusters, strings(["nextToken"], [])),
      DescribeClusters: op(sim.describeClusters, strings([], ["clusters", "include"])),
      ListServices: op(sim.listServices, strings(["cluster", "nextToken"], [])),
      ListTagsForResource: op(sim.listTagsForResource, strings(["resourceArn"], [])),
      DescribeTasks: op(sim.describeTasks, strings(["cluster"], ["tasks", "include"])),
      ListTasks: op(
        sim.listTasks,
        strings(["cluster", "serviceName", "family", "startedBy", "desiredStatus", "nextToken"], []),
      ),
      CreateCluster: op((input: Record<string, unknown>) => createCluster(sim, input)),
      RegisterTaskDefinition: op((input: Record<string, unknown>) => registerTaskDefinition(sim, input)),
      CreateService: op((input: Record<string, unknown>) => createService(sim, input)),
      ListServiceDeployments: op(sim.listServiceDeployments, strings(["service", "cluster", "nextToken"], ["status"])),
      DescribeServiceDeployments: op(sim.describeServiceDeployments, strings([], ["serviceDeploymentArns"])),
      DescribeServiceRevisions: op(sim.describeServiceRevisions, strings([], ["serviceRevisionArns"])),
      StopServiceDeployment: op(sim.stopServiceDeployment, strings(["serviceDeploymentArn", "stopType"], [])),
      TagResource: op(sim.tagResource, strings(["resourceArn"], [])),
      UntagResource: op(sim.untagResource, strings(["resourceArn"], ["tagKeys"])),
      StopTask: op(sim.stopTask, strings(["cluster", "task", "reason"], [])),
      DeleteService: op(sim.deleteService, strings(["cluster", "service"], [])),
      ListTaskDefinitions: op(sim.listTaskDefinitions, strings(["familyPrefix", "status", "sort", "nextToken"], [])),
      ContinueServiceDeployment: op(
        sim.continueServiceDeployment,
        strings(["serviceDeploymentArn", "hookId", "action"], []),
      ),
    },
  };
}

/** Fields that must be strings, or lists of strings, when present (InvalidParameterException otherwise). */
function strings(scalars: string[], lists: string[]) {
  return (input: Record<string, unknown>) => {
    for (const key of scalars) {
      if (input[key] !== undefined && typeof input[key] !== "string")
        throw new AwsError("InvalidParameterException", `${key} must be a string.`);
    }
    for (const key of lists) {
      const v = input[key];
      if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === "string")))
        throw new AwsError("InvalidParameterException", `${key} must be a list of strings.`);
    }
  };
}
