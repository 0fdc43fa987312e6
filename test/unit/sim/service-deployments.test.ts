import { EcsSimulator } from "@ecs-guardrails/sim/api";
import type { ServiceSpec } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import type { SimEvent } from "@ecs-guardrails/sim/types";
import { describe, expect, it } from "vitest";

// Service deployments and service revisions (ECS's 2024 deployment history): every deployment
// UpdateService or CreateService starts is a service deployment towards a new, immutable
// service revision; a rollback returns to an earlier revision and creates none.

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const PREFIX = "arn:aws:ecs:us-east-1:111122223333";

function setup(service: Partial<ServiceSpec> = {}) {
  const events: SimEvent[] = [];
  const sim = new EcsSimulator({ clock: createManualClock("2026-03-02T09:00:00Z"), emit: (e) => events.push(e) });
  sim.registerTaskDefinition({ family: "web" });
  sim.registerTaskDefinition({ family: "web" });
  sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 2, ...service });
  const list = (extra: Record<string, unknown> = {}) =>
    sim.listServiceDeployments({ cluster: "prod", service: "web", ...extra }).serviceDeployments;
  const describeOne = (arn: string) =>
    sim.describeServiceDeployments({ serviceDeploymentArns: [arn] }).serviceDeployments[0]!;
  const revision = (arn: string) => sim.describeServiceRevisions({ serviceRevisionArns: [arn] }).serviceRevisions[0]!;
  const newest = () => describeOne(list()[0]!.serviceDeploymentArn);
  return { sim, events, list, describeOne, revision, newest };
}

function ecsError(run: () => unknown): { name: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an ECS error");
}

describe("a deployment UpdateService starts", () => {
  it("is a service deployment IN_PROGRESS from the running revision to a new one", () => {
    const w = setup();
    const before = w.newest();

    const out = w.sim.updateService({ cluster: "prod", service: "web", taskDefinition: "web:2" });

    const sd = w.newest();
    expect(sd.serviceDeploymentArn).toMatch(/^arn:aws:ecs:us-east-1:111122223333:service-deployment\/prod\/web\/\S+$/);
    expect(sd).toMatchObject({
      serviceArn: `${PREFIX}:service/prod/web`,
      clusterArn: `${PREFIX}:cluster/prod`,
      status: "IN_PROGRESS",
      sourceServiceRevisions: [{ arn: before.targetServiceRevision!.arn, requestedTaskCount: 0, runningTaskCount: 2 }],
      deploymentCircuitBreaker: { status: "MONITORING", failureCount: 0, threshold: 3 },
      alarms: { status: "DISABLED" },
    });
    expect(sd.createdAt).toEqual(new Date("2026-03-02T09:00:00Z"));
    expect(sd.startedAt).toEqual(new Date("2026-03-02T09:00:00Z"));
    expect(sd.finishedAt).toBeUndefined();
    const target = w.revision(sd.targetServiceRevision!.arn!);
    expect(target.serviceRevisionArn).toMatch(/^arn:aws:ecs:us-east-1:111122223333:service-revision\/prod\/web\/\d+$/);
    expect(target).toMatchObject({
      taskDefinition: `${PREFIX}:task-definition/web:2`,
      serviceArn: `${PREFIX}:service/prod/web`,
      launchType: "FARGATE",
    });
    // The ecs-svc id of DescribeServices is not the service deployment's or revision's id.
    const ecsSvcId = out.service.deployments[0]!.id.replace("ecs-svc/", "");
    expect(sd.serviceDeploymentArn.endsWith(`/${ecsSvcId}`)).toBe(false);
    expect(target.serviceRevisionArn!.endsWith(`/${ecsSvcId}`)).toBe(false);
  });

  it("keeps the revision's configuration (network, load balancers, strategy) immutable when the service changes", () => {
    const w = setup({ capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }] });
    const network = { awsvpcConfiguration: { subnets: ["subnet-1"], assignPublicIp: "DISABLED" } };
    w.sim.updateService({ cluster: "prod", service: "web", taskDefinition: "web:2", networkConfiguration: network });
    const first = w.newest().targetServiceRevision!.arn!;

    w.sim.updateService({
      cluster: "prod",
      service: "web",
      forceNewDeployment: true,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
    });

    expect(w.revision(first)).toMatchObject({
      taskDefinition: `${PREFIX}:task-definition/web:2`,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
      networkConfiguration: network,
    });
    expect("launchType" in w.revision(first)).toBe(false);
    expect(w.revision(w.newest().targetServiceRevision!.arn!)).toMatchObject({
      capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }],
      networkConfiguration: network,
    });
  });

  it("is SUCCESSFUL, with finishedAt and the breaker's monitoring complete, once the rollout completes", () => {
    const w = setup();
    w.sim.updateService({ cluster: "prod", service: "web", taskDefinition: "web:2" });

    w.sim.advance(30 * MINUTE);

    const sd = w.newest();
    expect(sd).toMatchObject({ status: "SUCCESSFUL", deploymentCircuitBreaker: { status: "MONITORING_COMPLETE" } });
    expect(sd.finishedAt).toBeInstanceOf(Date);
    expect(sd.targetServiceRevision).toMatchObject({ requestedTaskCount: 2, runningTaskCount: 2 });
  });

  it("supersedes a service deployment still in progress: the older one is STOPPED", () => {
    const w = setup();
    w.sim.updateService({ cluster: "prod", service: "web", taskDefinition: "web:2" });
    const first = w.list()[0]!.serviceDeploymentArn;

    w.sim.updateService({ cluster: "prod", service: "web", forceNewDeployment: true });

    expect(w.describeOne(first).status).toBe("STOPPED");
    expect(w.newest().sourceServiceRevisions!.map((r) => r.arn)).toContain(
      w.describeOne(first).targetServiceRevision!.arn,
    );
  });
});

describe("a circuit-breaker rollback", () => {
  it("records ROLLBACK_IN_PROGRESS then ROLLBACK_SUCCESSFUL and returns to the last good revision, creating none", () => {
    const w = setup();
    const good = w.newest().targetServiceRevision!.arn!;
    // A revision that never starts: ECS's breaker counts launch failures, not a crash after RUNNING.
    w.sim.setFault({ taskDefinition: "web:2" }, { kind: "image-pull" });
    w.sim.updateService({ cluster: "prod", service: "web", taskDefinition: "web:2" });
    const sdArn = w.list()[0]!.serviceDeploymentArn;

    w.sim.advanceUntil((e) => e.detail.eventName === "SERVICE_DEPLOYMENT_FAILED", 30 * MINUTE);

    const during = w.describeOne(sdArn);
    expect(during).toMatchObject({
      status: "ROLLBACK_IN_PROGRESS",
      deploymentCircuitBreaker: { status: "TRIGGERED", failureCount: 3, threshold: 3 },
      rollback: { serviceRevisionArn: good },
    });
    expect(during.rollback!.reason).toMatch(/circuit breaker/);
    expect(during.rollback!.startedAt).toBeInstanceOf(Date);
    expect(w.list()).toHaveLength(2);

    w.sim.advance(30 * MINUTE);

    const after = w.describeOne(sdArn);
    expect(after.status).toBe("ROLLBACK_SUCCESSFUL");
    expect(after.finishedAt).toBeInstanceOf(Date);
    expect(w.list()).toHaveLength(2);
    const out = w.sim.describeServices({ cluster: "prod", services: ["web"] });
    expect(out.services[0]!.taskDefinition).toBe(`${PREFIX}:task-definition/web:1`);
  });
});

describe("ListServiceDeployments", () => {
  it("lists newest first, filters by status and createdAt, and pages with maxResults", () => {
    const w = setup();
    for (let i = 0; i < 3; i++) {
      w.sim.advance(DAY);
      w.sim.updateService({ cluster: "prod", service: "web", forceNewDeployment: true });
      w.sim.advance(30 * MINUTE);
    }
    const all = w.list();
    expect(all.map((d) => d.status)).toEqual(["SUCCESSFUL", "SUCCESSFUL", "SUCCESSFUL", "SUCCESSFUL"]);
    expect(all.map((d) => d.createdAt!.getTime())).toEqual(
      [...all.map((d) => d.createdAt!.getTime())].sort().reverse(),
    );

    const page = w.sim.listServiceDeployments({ cluster: "prod", service: "web", maxResults: 3 });
    expect(page.serviceDeployments).toHaveLength(3);
    const rest = w.sim.listServiceDeployments({ cluster: "prod", service: "web", nextToken: page.nextToken! });
    expect(rest.serviceDeployments.map((d) => d.serviceDeploymentArn)).toEqual([all[3]!.serviceDeploymentArn]);
    expect(rest.nextToken).toBeUndefined();
    expect(w.list({ createdAt: { after: new Date(Date.parse("2026-03-03T00:00:00Z")) } })).toHaveLength(3);
    expect(w.list({ createdAt: { before: new Date(Date.parse("2026-03-03T00:00:00Z")) } })).toHaveLength(1);
    expect(w.list({ status: ["IN_PROGRESS"] })).toEqual([]);
  });

  it("pages 20 by default and refuses maxResults outside 1–100", () => {
    const w = setup();
    for (let i = 0; i < 24; i++) w.sim.updateService({ cluster: "prod", service: "web", forceNewDeployment: true });

    expect(w.list()).toHaveLength(20);
    expect(ecsError(() => w.list({ maxResults: 0 })).name).toBe("InvalidParameterException");
    expect(ecsError(() => w.list({ maxResults: 101 })).name).toBe("InvalidParameterException");
  });

  it("keeps 90 days of service deployments", () => {
    const w = setup();
    const first = w.list()[0]!.serviceDeploymentArn;

    w.sim.advance(91 * DAY);
    w.sim.updateService({ cluster: "prod", service: "web", forceNewDeployment: true });

    expect(w.list().map((d) => d.serviceDeploymentArn)).not.toContain(first);
    expect(w.sim.describeServiceDeployments({ serviceDeploymentArns: [first] }).failures).toEqual([
      { arn: first, reason: "MISSING" },
    ]);
  });

  it("names an unknown service as ECS does", () => {
    const w = setup();
    expect(ecsError(() => w.sim.listServiceDeployments({ cluster: "prod", service: "nope" })).name).toBe(
      "ServiceNotFoundException",
    );
  });
});

describe("DescribeServiceDeployments and DescribeServiceRevisions", () => {
  it("answer unknown ARNs as failures and refuse more than 20", () => {
    const w = setup();
    const known = w.list()[0]!.serviceDeploymentArn;
    const unknown = `${PREFIX}:service-deployment/prod/web/nope`;

    const out = w.sim.describeServiceDeployments({ serviceDeploymentArns: [known, unknown] });

    expect(out.serviceDeployments.map((d) => d.serviceDeploymentArn)).toEqual([known]);
    expect(out.failures).toEqual([{ arn: unknown, reason: "MISSING" }]);
    const many = Array.from({ length: 21 }, () => known);
    expect(ecsError(() => w.sim.describeServiceDeployments({ serviceDeploymentArns: many })).name).toBe(
      "InvalidParameterException",
    );
    expect(ecsError(() => w.sim.describeServiceRevisions({ serviceRevisionArns: many })).name).toBe(
      "InvalidParameterException",
    );
    const missingRevision = `${PREFIX}:service-revision/prod/web/1`;
    expect(w.sim.describeServiceRevisions({ serviceRevisionArns: [missingRevision] }).failures).toEqual([
      { arn: missingRevision, reason: "MISSING" },
    ]);
  });
});

describe("StopServiceDeployment", () => {
  it("ROLLBACK returns the service to the source revision, all of it, and records ROLLBACK_*", () => {
    const w = setup({ capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }] });
    const source = w.newest().targetServiceRevision!.arn!;
    w.sim.updateService({
      cluster: "prod",
      service: "web",
      taskDefinition: "web:2",
      forceNewDeployment: true,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-2"] } },
    });
    const sdArn = w.list()[0]!.serviceDeploymentArn;

    const out = w.sim.stopServiceDeployment({ serviceDeploymentArn: sdArn, stopType: "ROLLBACK" });

    expect(out).toEqual({ serviceDeploymentArn: sdArn });
    expect(w.describeOne(sdArn).status).toBe("ROLLBACK_REQUESTED");
    // A repeated stop (a retry, a duplicate) is accepted and changes nothing.
    expect(w.sim.stopServiceDeployment({ serviceDeploymentArn: sdArn, stopType: "ABORT" })).toEqual({
      serviceDeploymentArn: sdArn,
    });
    w.sim.advance(0);
    expect(w.describeOne(sdArn)).toMatchObject({
      status: "ROLLBACK_IN_PROGRESS",
      rollback: { serviceRevisionArn: source },
    });
    w.sim.advance(30 * MINUTE);
    expect(w.describeOne(sdArn).status).toBe("ROLLBACK_SUCCESSFUL");
    const service = w.sim.describeServices({ cluster: "prod", services: ["web"] }).services[0]!;
    expect(service.taskDefinition).toBe(`${PREFIX}:task-definition/web:1`);
    expect(service.capacityProviderStrategy).toEqual([{ capacityProvider: "FARGATE", base: 0, weight: 1 }]);
    // The next deployment starts from the source revision's network configuration, not the stopped one's.
    w.sim.updateService({ cluster: "prod", service: "web", forceNewDeployment: true });
    expect(w.revision(w.newest().targetServiceRevision!.arn!).networkConfiguration).toBeUndefined();
    expect(w.list()).toHaveLength(3);
  });

  it("ABORT stops the deployment where it is: STOPPED, and no further tasks of it start", () => {
    const w = setup();
    w.sim.updateService({ cluster: "prod", service: "web", taskDefinition: "web:2" });
    const sdArn = w.list()[0]!.serviceDeploymentArn;

    w.sim.stopServiceDeployment({ serviceDeploymentArn: sdArn, stopType: "ABORT" });
    w.sim.advance(30 * MINUTE);

    const sd = w.describeOne(sdArn);
    expect(sd.status).toBe("STOPPED");
    expect(sd.stoppedAt).toBeInstanceOf(Date);
  });

  it("refuses a finished deployment with ECS's ConflictException, and an unknown one", () => {
    const w = setup();
    const done = w.list()[0]!.serviceDeploymentArn;

    const refused = ecsError(() => w.sim.stopServiceDeployment({ serviceDeploymentArn: done, stopType: "ROLLBACK" }));

    expect(refused.name).toBe("ConflictException");
    expect((refused as unknown as { resourceIds: string[] }).resourceIds).toEqual([done]);
    expect(
      ecsError(() => w.sim.stopServiceDeployment({ serviceDeploymentArn: `${PREFIX}:service-deployment/prod/web/x` }))
        .name,
    ).toBe("ServiceDeploymentNotFoundException");
    expect(ecsError(() => w.sim.stopServiceDeployment({ serviceDeploymentArn: done, stopType: "PAUSE" })).name).toBe(
      "InvalidParameterException",
    );
  });
});

describe("a seeded deployment ECS no longer lists (INACTIVE: only its history names it)", () => {
  const drained = (extra: Record<string, unknown> = {}) =>
    setup({
      taskDefinition: "web:2",
      deployments: [
        { id: "ecs-svc/2", taskDefinition: "web:2", rolloutState: "IN_PROGRESS", createdAt: "2026-03-02T08:50:00Z" },
        {
          id: "arn:sd/1",
          taskDefinition: "web:1",
          status: "INACTIVE",
          rolloutState: "COMPLETED",
          createdAt: "2026-03-02T08:00:00Z",
          capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
          networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-old"] } },
          ...extra,
        },
      ],
    });

  it("is not in DescribeServices, but in ECS's history as a success the next deployment started from", () => {
    const { sim, list, describeOne, revision } = drained({ launchType: "EC2", capacityProviderStrategy: undefined });

    const service = sim.describeServices({ cluster: "prod", services: ["web"] }).services[0]!;
    expect(service.deployments.map((d) => [d.id, d.status])).toEqual([["ecs-svc/2", "PRIMARY"]]);
    const [rolling, past] = list().map((b) => describeOne(b.serviceDeploymentArn));
    expect([rolling!.status, past!.status]).toEqual(["IN_PROGRESS", "SUCCESSFUL"]);
    expect(past!.finishedAt).toEqual(new Date("2026-03-02T08:00:00Z"));
    expect(rolling!.sourceServiceRevisions.map((s) => s.arn)).toEqual([past!.targetServiceRevision!.arn]);
    const old = revision(past!.targetServiceRevision!.arn);
    expect(old).toMatchObject({
      taskDefinition: `${PREFIX}:task-definition/web:1`,
      launchType: "EC2",
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-old"] } },
    });
    expect(old).not.toHaveProperty("capacityProviderStrategy");
  });

  it("is the source of the oldest listed deployment only: the later ones started once it had drained", () => {
    const { sim, list, describeOne, revision } = setup({
      taskDefinition: "web:2",
      deployments: [
        { id: "ecs-svc/2", taskDefinition: "web:2", rolloutState: "IN_PROGRESS", createdAt: "2026-03-02T08:50:00Z" },
        { id: "ecs-svc/1", taskDefinition: "web:1", status: "ACTIVE", createdAt: "2026-03-02T08:30:00Z" },
        { id: "arn:sd/0", taskDefinition: "web:1", status: "INACTIVE", createdAt: "2026-03-02T08:00:00Z" },
      ],
    });

    const [rolling, active, past] = list().map((b) => describeOne(b.serviceDeploymentArn));
    const sources = (d: typeof rolling) => d!.sourceServiceRevisions.map((s) => s.arn);
    expect(sources(rolling)).toEqual([active!.targetServiceRevision!.arn]);
    expect(sources(active)).toEqual([past!.targetServiceRevision!.arn]);
    expect(revision(past!.targetServiceRevision!.arn).taskDefinition).toBe(`${PREFIX}:task-definition/web:1`);
    expect(sim.describeServices({ cluster: "prod", services: ["web"] }).services[0]!.deployments).toHaveLength(2);
  });

  it("cannot be all a service has: ECS lists a service's running deployment", () => {
    const only = { id: "arn:sd/0", taskDefinition: "web:1", status: "INACTIVE" as const };

    expect(ecsError(() => setup({ deployments: [only] }))).toMatchObject({
      name: "InvalidParameterException",
      message: "deployments: one at least must be PRIMARY or ACTIVE.",
    });
  });

  it("is what a rollback of the deployment returns to, all of it", () => {
    const { sim, list, revision } = drained();

    sim.stopServiceDeployment({ serviceDeploymentArn: list()[0]!.serviceDeploymentArn, stopType: "ROLLBACK" });
    sim.advance(MINUTE);

    const service = sim.describeServices({ cluster: "prod", services: ["web"] }).services[0]!;
    expect(service.taskDefinition).toBe(`${PREFIX}:task-definition/web:1`);
    expect(service.capacityProviderStrategy).toEqual([{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }]);
    expect(revision(list()[0]!.targetServiceRevisionArn!).taskDefinition).toBe(`${PREFIX}:task-definition/web:2`);
  });
});
