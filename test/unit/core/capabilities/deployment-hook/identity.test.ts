import type { ServiceDeployment, ServiceRevision } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { toDeploymentView, toRevisionView } from "../../../../../packages/aws/src/ecs/deployment-history.ts";
import {
  HookIdentityError,
  resolveIdentity,
} from "../../../../../packages/core/src/capabilities/deployment-hook/identity.ts";
import { parseInvocation } from "../../../../../packages/core/src/capabilities/deployment-hook/invocation.ts";
import type { ListedDeployment } from "../../../../../packages/core/src/history/observed.ts";
import { invocation } from "../../../../support/deployment-hook.ts";

// How the ids of a lifecycle-hook invocation relate to the tasks it judges, with the documented
// payload (test/fixtures/deployment-hook) and ECS's answers in the SDK's shapes:
//
//   invocation.resourceArn            service-deployment/my-cluster/my-service/EZe5RNVLH6PPzHXINuP28
//     └ DescribeServiceDeployments    targetServiceRevision.arn, createdAt
//   targetServiceRevisionArn          service-revision/my-cluster/my-service/9313423515462893900
//     └ DescribeServiceRevisions      taskDefinition my-service:8
//   DescribeServices deployments[]    { id: ecs-svc/6204718530918274406, taskDefinition my-service:8, createdAt }
//     └ the task events' startedBy / deploymentId
//
// The revision's number and the ecs-svc number are unrelated: only ECS's answers connect them.

const parsed = parseInvocation(invocation("POST_TEST_TRAFFIC_SHIFT"));
if (!parsed.ok) throw new Error(parsed.problem);
const i = parsed.invocation;
const TD = "arn:aws:ecs:us-west-2:123456789012:task-definition/my-service:8";
const CREATED = new Date("2026-11-20T10:00:00.000Z");

const sdkDeployment: ServiceDeployment = {
  serviceDeploymentArn: i.resourceArn,
  serviceArn: "arn:aws:ecs:us-west-2:123456789012:service/my-cluster/my-service",
  clusterArn: "arn:aws:ecs:us-west-2:123456789012:cluster/my-cluster",
  createdAt: CREATED,
  startedAt: CREATED,
  updatedAt: new Date("2026-11-20T10:04:00.000Z"),
  sourceServiceRevisions: [
    {
      arn: "arn:aws:ecs:us-west-2:123456789012:service-revision/my-cluster/my-service/1920498462936580504",
      requestedTaskCount: 4,
      runningTaskCount: 4,
      pendingTaskCount: 0,
    },
  ],
  targetServiceRevision: { arn: i.targetRevisionArn, requestedTaskCount: 4, runningTaskCount: 1, pendingTaskCount: 3 },
  status: "IN_PROGRESS",
  lifecycleStage: "POST_TEST_TRAFFIC_SHIFT",
};
const sdkRevision: ServiceRevision = {
  serviceRevisionArn: i.targetRevisionArn,
  serviceArn: sdkDeployment.serviceArn,
  clusterArn: sdkDeployment.clusterArn,
  taskDefinition: TD,
  launchType: "FARGATE",
  platformVersion: "1.4.0",
  createdAt: CREATED,
};
const listed = (id: string, taskDefinition: string, createdAt: string): ListedDeployment => ({
  id,
  status: "PRIMARY",
  taskDefinition,
  rolloutState: "IN_PROGRESS",
  createdAt,
  desiredCount: 4,
  runningCount: 1,
  failedTasks: 0,
});
const revisions = (found: ServiceRevision[]) => ({
  describeServiceDeployments: async () => [],
  describeServiceRevisions: async () => found.map(toRevisionView),
});

describe("the deployment a hook invocation is about", () => {
  it("is the ecs-svc deployment DescribeServices lists on the target revision's task definition, created with the service deployment", async () => {
    const identity = await resolveIdentity(
      i,
      Promise.resolve([toDeploymentView(sdkDeployment)]),
      revisions([sdkRevision]),
      [
        listed("ecs-svc/6204718530918274406", TD, "2026-11-20T10:00:01.000Z"),
        // The source revision's deployment, still draining.
        {
          ...listed("ecs-svc/3158843307127458810", TD.replace(":8", ":7"), "2026-11-19T10:00:00.000Z"),
          status: "ACTIVE",
        },
        // A deployment whose number equals the revision's, on another task definition: not it.
        listed("ecs-svc/9313423515462893900", TD.replace(":8", ":6"), "2026-11-20T10:00:00.000Z"),
      ],
    );

    expect(identity).toEqual({ deploymentId: "ecs-svc/6204718530918274406", taskDefinition: TD });
  });

  it("is a fault, not a guess, when ECS does not describe the service deployment or lists no deployment for it", async () => {
    await expect(resolveIdentity(i, Promise.resolve([]), revisions([sdkRevision]), [])).rejects.toThrow(
      HookIdentityError,
    );
    await expect(
      resolveIdentity(i, Promise.resolve([toDeploymentView(sdkDeployment)]), revisions([sdkRevision]), [
        listed(`ecs-svc/${i.targetRevisionArn.split("/").at(-1)}`, TD.replace(":8", ":6"), "2026-11-20T10:00:00.000Z"),
      ]),
    ).rejects.toThrow(/no deployment DescribeServices lists runs .*my-service:8/);
  });
});
