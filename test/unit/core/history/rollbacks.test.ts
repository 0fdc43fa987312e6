import { describe, expect, it } from "vitest";
import { replacedByRollback } from "../../../../packages/core/src/history/rollbacks.ts";
import { deploymentRecord } from "../../../support/snapshots.ts";

const at = (s: number) => new Date(Date.UTC(2025, 2, 1, 10, 0, s)).toISOString();
const rollback = { deploymentId: "ecs-svc/3", rollbackTo: "ecs-svc/1", updatedAt: at(300) };

describe("the deployment an ECS rollback replaced", () => {
  it("is the newest deployment before the rollback that is neither the rollback nor its target and never completed", () => {
    const records = [
      deploymentRecord("ecs-svc/3", { startedAt: at(300) }),
      deploymentRecord("ecs-svc/2", { startedAt: at(200), failedAt: at(290) }),
      deploymentRecord("ecs-svc/1", { startedAt: at(100), completedAt: at(150) }),
    ];
    expect(replacedByRollback(records, rollback)).toBe("ecs-svc/2");
  });

  it("is not a deployment that completed, nor one first seen after the rollback", () => {
    const records = [
      deploymentRecord("ecs-svc/4", { startedAt: at(400) }),
      deploymentRecord("ecs-svc/0", { startedAt: at(50), completedAt: at(60) }),
    ];
    expect(replacedByRollback(records, rollback)).toBeUndefined();
  });

  it("is known from the failure alone when the history missed the deployment's start", () => {
    expect(
      replacedByRollback([deploymentRecord("ecs-svc/2", { failedAt: at(299), startedAt: undefined })], rollback),
    ).toBe("ecs-svc/2");
  });
});
