import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import type { SimEvent } from "@ecs-guardrails/sim/types";
import { describe, expect, it } from "vitest";

// TagResource, UntagResource, StopTask, DeleteService and ListTaskDefinitions as ECS answers them.

const MINUTE = 60_000;
const PREFIX = "arn:aws:ecs:us-east-1:111122223333";
const SERVICE = `${PREFIX}:service/prod/web`;

function setup() {
  const events: SimEvent[] = [];
  const sim = new EcsSimulator({ clock: createManualClock("2026-03-02T09:00:00Z"), emit: (e) => events.push(e) });
  sim.registerTaskDefinition({ family: "web" });
  sim.registerTaskDefinition({ family: "web" });
  sim.registerTaskDefinition({ family: "worker" });
  sim.addService({
    cluster: "prod",
    name: "web",
    taskDefinition: "web:1",
    desiredCount: 2,
    tags: { team: "payments", "guardrails:auto-rollback": "observe" },
  });
  const tags = (arn: string) => sim.listTagsForResource({ resourceArn: arn }).tags;
  const service = () => sim.describeServices({ cluster: "prod", services: ["web"], include: ["TAGS"] }).services[0]!;
  return { sim, events, tags, service };
}

function ecsError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an ECS error");
}

describe("TagResource and UntagResource", () => {
  it("add, overwrite and remove a service's tags, as DescribeServices then shows them", () => {
    const w = setup();

    w.sim.tagResource({
      resourceArn: SERVICE,
      tags: [
        { key: "guardrails:auto-rollback", value: "enforce" },
        { key: "owner", value: "ana" },
      ],
    });
    w.sim.untagResource({ resourceArn: SERVICE, tagKeys: ["team"] });

    expect(w.service().tags).toEqual([
      { key: "guardrails:auto-rollback", value: "enforce" },
      { key: "owner", value: "ana" },
    ]);
  });

  it("tag clusters and task definitions too, and refuse unknown resources and aws: keys", () => {
    const w = setup();
    w.sim.tagResource({ resourceArn: `${PREFIX}:cluster/prod`, tags: [{ key: "env", value: "prod" }] });
    w.sim.tagResource({ resourceArn: `${PREFIX}:task-definition/web:1`, tags: [{ key: "app", value: "web" }] });

    expect(w.tags(`${PREFIX}:cluster/prod`)).toEqual([{ key: "env", value: "prod" }]);
    expect(w.tags(`${PREFIX}:task-definition/web:1`)).toEqual([{ key: "app", value: "web" }]);
    expect(
      ecsError(() =>
        w.sim.tagResource({ resourceArn: `${PREFIX}:service/prod/nope`, tags: [{ key: "a", value: "b" }] }),
      ).name,
    ).toBe("ResourceNotFoundException");
    expect(ecsError(() => w.sim.tagResource({ resourceArn: SERVICE, tags: [{ key: "aws:x", value: "b" }] })).name).toBe(
      "InvalidParameterException",
    );
    expect(ecsError(() => w.sim.tagResource({ resourceArn: SERVICE, tags: [] })).name).toBe(
      "InvalidParameterException",
    );
    const many = Array.from({ length: 49 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    expect(ecsError(() => w.sim.tagResource({ resourceArn: SERVICE, tags: many })).name).toBe(
      "InvalidParameterException",
    );
  });
});

describe("StopTask", () => {
  it("stops a service's task as UserInitiated with the given reason; the scheduler replaces it", () => {
    const w = setup();
    const [taskArn] = w.sim.listTasks({ cluster: "prod", serviceName: "web" }).taskArns;

    const out = w.sim.stopTask({ cluster: "prod", task: taskArn!, reason: "rotating credentials" });

    expect(out.task).toMatchObject({ taskArn, desiredStatus: "STOPPED", stopCode: "UserInitiated" });
    expect(out.task.stoppedReason).toBe("rotating credentials");
    w.sim.advance(5 * MINUTE);
    const running = w.sim.listTasks({ cluster: "prod", serviceName: "web" }).taskArns;
    expect(running).toHaveLength(2);
    expect(running).not.toContain(taskArn);
    expect(ecsError(() => w.sim.stopTask({ cluster: "prod", task: "nope" })).name).toBe("InvalidParameterException");
  });
});

describe("DeleteService", () => {
  it("refuses a service scaled above 0 without force", () => {
    const w = setup();
    expect(ecsError(() => w.sim.deleteService({ cluster: "prod", service: "web" })).name).toBe(
      "InvalidParameterException",
    );
  });

  it("with force drains the tasks (DRAINING), then the service is INACTIVE, unlisted, and its revisions gone", () => {
    const w = setup();
    const revision = w.sim.listServiceDeployments({ cluster: "prod", service: "web" }).serviceDeployments[0]!
      .targetServiceRevisionArn!;

    const out = w.sim.deleteService({ cluster: "prod", service: "web", force: true });

    expect(out.service).toMatchObject({ status: "DRAINING", desiredCount: 0 });
    w.sim.advance(5 * MINUTE);
    expect(w.service().status).toBe("INACTIVE");
    expect(w.sim.listTasks({ cluster: "prod", serviceName: "web" }).taskArns).toEqual([]);
    expect(w.sim.listServices({ cluster: "prod" }).serviceArns).toEqual([]);
    expect(w.sim.describeServiceRevisions({ serviceRevisionArns: [revision] }).failures).toHaveLength(1);
    expect(ecsError(() => w.sim.updateService({ cluster: "prod", service: "web", desiredCount: 1 })).name).toBe(
      "ServiceNotActiveException",
    );
    // The name is free again: a new service may take it.
    w.sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:2", desiredCount: 1 });
    expect(w.service().status).toBe("ACTIVE");
  });
});

describe("ListTaskDefinitions", () => {
  it("lists ACTIVE revisions by family and revision, filters by prefix, sorts DESC and pages", () => {
    const w = setup();

    expect(w.sim.listTaskDefinitions({}).taskDefinitionArns.map((a) => a.split("/")[1])).toEqual([
      "web:1",
      "web:2",
      "worker:1",
    ]);
    expect(
      w.sim.listTaskDefinitions({ familyPrefix: "web", sort: "DESC" }).taskDefinitionArns.map((a) => a.split("/")[1]),
    ).toEqual(["web:2", "web:1"]);
    const page = w.sim.listTaskDefinitions({ maxResults: 2 });
    expect(page.taskDefinitionArns).toHaveLength(2);
    expect(w.sim.listTaskDefinitions({ nextToken: page.nextToken! }).taskDefinitionArns).toHaveLength(1);
    expect(w.sim.listTaskDefinitions({ status: "INACTIVE" }).taskDefinitionArns).toEqual([]);
    expect(ecsError(() => w.sim.listTaskDefinitions({ sort: "UP" })).name).toBe("InvalidParameterException");
  });
});
