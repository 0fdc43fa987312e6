import { describe, expect, it } from "vitest";
import { knownGoodSighted, type ListedDeployment } from "../../../../packages/core/src/history/observed.ts";

const td = (rev: number) => `arn:aws:ecs:us-east-1:111122223333:task-definition/web:${rev}`;
const AT = "2026-11-20T10:10:00.000Z";
const listed = (id: string, extra: Partial<ListedDeployment> = {}): ListedDeployment => ({
  id,
  status: "ACTIVE",
  taskDefinition: td(41),
  rolloutState: "COMPLETED",
  createdAt: "2026-11-20T09:00:00.000Z",
  desiredCount: 2,
  runningCount: 2,
  failedTasks: 0,
  ...extra,
});

describe("the known-good deployments a DescribeServices answer shows", () => {
  it("are the COMPLETED ones the history lacks, with ECS's last change as their completion", () => {
    const release = listed("ecs-svc/2", { status: "PRIMARY", taskDefinition: td(42), rolloutState: "IN_PROGRESS" });
    const replaced = listed("ecs-svc/1", { updatedAt: "2026-11-20T09:05:00.000Z" });
    expect(knownGoodSighted([release, replaced], new Set(), AT)).toEqual([
      {
        deploymentId: "ecs-svc/1",
        taskDefinitionArn: td(41),
        startedAt: "2026-11-20T09:00:00.000Z",
        completedAt: "2026-11-20T09:05:00.000Z",
      },
    ]);
  });

  it("leave out a deployment the history already has, whatever it says of it", () => {
    expect(knownGoodSighted([listed("ecs-svc/1")], new Set(["ecs-svc/1"]), AT)).toEqual([]);
  });

  it("leave out failed and in-progress deployments", () => {
    const shown = [
      listed("ecs-svc/3", { status: "PRIMARY", rolloutState: "IN_PROGRESS" }),
      listed("ecs-svc/2", { rolloutState: "FAILED" }),
    ];
    expect(knownGoodSighted(shown, new Set(), AT)).toEqual([]);
  });

  it("count a lone PRIMARY running all its tasks when ECS gives no rollout state, and not one still starting", () => {
    const settled = listed("ecs-svc/1", { status: "PRIMARY", rolloutState: undefined, createdAt: undefined });
    expect(knownGoodSighted([settled], new Set(), AT)).toEqual([
      { deploymentId: "ecs-svc/1", taskDefinitionArn: td(41), startedAt: undefined, completedAt: AT },
    ]);
    expect(knownGoodSighted([{ ...settled, runningCount: 1 }], new Set(), AT)).toEqual([]);
    expect(knownGoodSighted([settled, listed("ecs-svc/0", { rolloutState: undefined })], new Set(), AT)).toEqual([]);
  });
});
