import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerInputWithSizes } from "@ecs-guardrails/aws/ecs/task-definitions";
import { recommend } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import { sdkShapes } from "../../../support/aws-models/sdk-schema.ts";
import { fargateUsage, settings } from "../../../support/right-sizing.ts";

// `guardrails recommend --task-definition-out` writes RegisterTaskDefinition's input from a
// described revision: every read-only field of the description must go, or
// `aws ecs register-task-definition --cli-input-json` refuses the file.

const ARN = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:7";
const SCHEMA = path.resolve(
  import.meta.dirname,
  "../../../../node_modules/@aws-sdk/client-ecs/dist-es/schemas/schemas_0.js",
);

describe("the task definition --task-definition-out writes", () => {
  it("holds only members of RegisterTaskDefinition's input, even from a revision being deleted", () => {
    const described = {
      taskDefinition: {
        taskDefinitionArn: ARN,
        family: "web",
        revision: 7,
        status: "DELETE_IN_PROGRESS" as const,
        cpu: "1024",
        memory: "4096",
        networkMode: "awsvpc" as const,
        requiresCompatibilities: ["FARGATE" as const],
        compatibilities: ["EC2" as const, "FARGATE" as const],
        requiresAttributes: [{ name: "ecs.capability.task-eni" }],
        containerDefinitions: [{ name: "app", image: "shop/web:1", essential: true }],
        registeredAt: new Date("2026-11-01T00:00:00Z"),
        registeredBy: "arn:aws:iam::111122223333:role/deployer",
        deregisteredAt: new Date("2026-11-10T00:00:00Z"),
        deleteRequestedAt: new Date("2026-11-11T00:00:00Z"),
      },
      tags: [{ key: "team", value: "shop" }],
      $metadata: {},
    };
    const input = registerInputWithSizes(described, recommend(fargateUsage({ revision: ARN }), settings()));

    const accepted = Object.keys(sdkShapes(SCHEMA)["RegisterTaskDefinitionRequest"]!.members!);
    expect(Object.keys(input).filter((key) => !accepted.includes(key))).toEqual([]);
    expect(input).toMatchObject({ family: "web", cpu: "256", memory: "2048", tags: [{ key: "team", value: "shop" }] });
  });
});
