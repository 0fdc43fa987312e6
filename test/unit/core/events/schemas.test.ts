import { describe, it, expect } from "vitest";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import { codePipelineJobEvent } from "@ecs-guardrails/core/events/codepipeline";
import type { EventKind } from "@ecs-guardrails/core/events/model";
import { InvalidEventError } from "@ecs-guardrails/core/errors";
import { fixtureNames, loadFixture, withDetail, withEnvelope } from "../../../support/fixtures.ts";

// Every captured sample in test/fixtures/aws-events, grouped by the kind it must parse to.
const BY_KIND: Record<EventKind, string[]> = {
  task: [
    "ecs-task-container-stopped-task-running-legacy-doc",
    "ecs-task-running-ec2",
    "ecs-task-running-fargate-2020-doc",
    "ecs-task-running-fargate",
    "ecs-task-running-service-ec2-real",
    "ecs-task-running-service-fargate-real",
    "ecs-task-spot-interruption-partial",
    "ecs-task-spot-termination-notice-partial-legacy-doc",
    "ecs-task-stopped-elb-health-check-real",
    "ecs-task-stopped-service-scaling-ec2-real",
    "ecs-task-stopped-service-scaling-fargate-real",
    "ecs-task-stopped-user-initiated-real",
  ],
  deployment: [
    "ecs-deployment-completed",
    "ecs-deployment-failed-circuit-breaker",
    "ecs-deployment-in-progress-rollback",
    "ecs-deployment-in-progress",
  ],
  "service-action": [
    "ecs-service-action-capacity-provider-steady-state",
    "ecs-service-action-placement-failure-ec2-cpu",
    "ecs-service-action-placement-failure-fargate-spot",
    "ecs-service-action-steady-state",
    "ecs-service-action-task-start-impaired",
  ],
  "container-instance": ["ecs-container-instance-state-change"],
  hook: ["ecs-hook-awaiting-action-derived"],
  unknown: [],
  alarm: [
    "cloudwatch-alarm-state-change-composite-suppressed",
    "cloudwatch-alarm-state-change-metric-math",
    "cloudwatch-alarm-state-change-single-metric",
  ],
  pipeline: [
    "codepipeline-action-abandoned",
    "codepipeline-action-failed",
    "codepipeline-action-started",
    "codepipeline-action-succeeded",
    "codepipeline-pipeline-failed",
    "codepipeline-pipeline-started",
    "codepipeline-pipeline-stopping",
    "codepipeline-pipeline-succeeded-git-tag-trigger",
    "codepipeline-pipeline-succeeded",
    "codepipeline-stage-resumed-after-retry",
    "codepipeline-stage-started",
    "codepipeline-stage-stopped",
  ],
};
const KINDS = Object.entries(BY_KIND).flatMap(([kind, names]) =>
  names.map((n) => [`${n}.json`, kind as EventKind] as const),
);
const JOB_EVENTS = ["codepipeline-job-lambda-invoke.json", "codepipeline-job-lambda-invoke-with-output-artifact.json"];
const SCALING = "ecs-task-stopped-service-scaling-fargate-real";

function parseError(raw: unknown): unknown {
  try {
    parseEvent(raw);
  } catch (error) {
    return error;
  }
  throw new Error("expected parseEvent to throw");
}

describe("parsing the captured AWS samples", () => {
  it("knows the expected kind of every fixture in the folder", () => {
    const names = fixtureNames("aws-events");

    expect(names).toEqual([...KINDS.map(([name]) => name), ...JOB_EVENTS].sort());
  });

  it.each(KINDS)("parses %s as a %s event with an ISO time", (name, kind) => {
    const event = parseEvent(loadFixture(name));

    expect(event.kind).toBe(kind);
    expect(event.time).toBe(new Date(event.time).toISOString());
    expect(event.eventId).toBe(loadFixture(name).id);
  });

  it.each(JOB_EVENTS)("accepts %s as a CodePipeline job event", (name) => {
    const result = codePipelineJobEvent.safeParse(loadFixture(name));

    expect(result.success).toBe(true);
  });

  it("reads the continuation token and artifacts of the CodePipeline job events", () => {
    const docs = codePipelineJobEvent.parse(loadFixture("codepipeline-job-lambda-invoke"))["CodePipeline.job"];
    const withOutput = codePipelineJobEvent.parse(loadFixture("codepipeline-job-lambda-invoke-with-output-artifact"))[
      "CodePipeline.job"
    ];

    expect(docs.data.continuationToken).toBe("token_ID");
    expect(docs.data.encryptionKey).toEqual({ id: expect.stringMatching(/^arn:aws:kms:/), type: "KMS" });
    expect(docs.data.inputArtifacts[0]?.revision).toBeNull();
    expect(withOutput.data.continuationToken).toBeUndefined();
    expect(withOutput.data.outputArtifacts.map((a) => a.name)).toEqual(["invokeOutput"]);
    expect(withOutput.data.actionConfiguration.configuration.UserParameters).toBe('{"KEY": "VALUE"}');
  });

  it("rejects a CodePipeline job event without a FunctionName", () => {
    const raw = loadFixture("codepipeline-job-lambda-invoke");
    delete raw["CodePipeline.job"].data.actionConfiguration.configuration.FunctionName;

    const result = codePipelineJobEvent.safeParse(raw);

    expect(result.success).toBe(false);
  });
});

describe("normalized fields", () => {
  it("leaves out the account and Region of an event from home, so its service keys as it always did", () => {
    const home = parseEvent(loadFixture(SCALING), { account: "XXXXXXXXXXXX", region: "us-east-2" });
    const single = parseEvent(loadFixture(SCALING));

    expect(home).not.toHaveProperty("account");
    expect(home).not.toHaveProperty("region");
    expect(single).not.toHaveProperty("account");
  });

  it("takes service, deployment, version, sizes and times from a stopped service task", () => {
    // Parsed at a hub in another account: the event keeps the account and Region it came from.
    const event = parseEvent(loadFixture(SCALING), { account: "111122223333", region: "us-east-1" });

    expect(event).toMatchObject({
      kind: "task",
      eventId: "47cc72d7-e8dd-320c-cba3-a8d73d1f8d0d",
      time: "2023-05-02T15:29:11.000Z",
      account: "XXXXXXXXXXXX",
      region: "us-east-2",
      cluster: "DemoTrafficGen01-ClusterEB0386A7-sCRgDrfn5BP9",
      service: "DemoTrafficGen01-ServiceD69D759B-EfyMIBhdCKVk",
      taskId: "c50e321c974248dbaf4ae2cfa1662986",
      deploymentId: "ecs-svc/8646900195280463695",
      version: 6,
      cpu: 256,
      memory: 512,
      startedAt: "2023-05-02T14:19:34.520Z",
      taskDefinitionArn: expect.stringMatching(/task-definition\/DemoTrafficGen01TaskDef59B414B2:10$/),
    });
  });

  it("leaves service and deployment unset for a standalone task (group family:…)", () => {
    const event = parseEvent(loadFixture("ecs-task-running-fargate"));

    expect(event).toMatchObject({
      kind: "task",
      cluster: "example-cluster",
      service: undefined,
      deploymentId: undefined,
      version: 3,
      capacityProviderName: "FARGATE",
      cpu: 256,
      memory: 512,
    });
  });

  it("ignores a startedBy that is not a deployment id", () => {
    const event = parseEvent(withDetail(loadFixture(SCALING), { startedBy: "my-scheduler" }));

    expect(event).toMatchObject({ kind: "task", deploymentId: undefined });
  });

  it('turns a cpu of "null" into no number', () => {
    const event = parseEvent(withDetail(loadFixture(SCALING), { cpu: "null", memory: "2048" }));

    expect(event).toMatchObject({ cpu: undefined, memory: 2048 });
  });

  it("falls back to the detail's time when the envelope has none (the Spot snippet)", () => {
    const event = parseEvent(loadFixture("ecs-task-spot-interruption-partial"));

    expect(event).toMatchObject({ time: "2016-12-06T16:41:05.702Z" });
    expect(event.region).toBeUndefined();
  });

  it("reads cluster and service from resources[0] of a deployment event", () => {
    const event = parseEvent(loadFixture("ecs-deployment-in-progress"));

    expect(event).toMatchObject({
      kind: "deployment",
      cluster: "default",
      service: "servicetest",
      deploymentId: "ecs-svc/123",
      updatedAt: "2020-05-23T11:11:11.000Z",
      rollbackTo: undefined,
    });
  });

  it("recognises the circuit breaker's rollback and the deployment it rolls back to", () => {
    const sample = parseEvent(loadFixture("ecs-deployment-in-progress-rollback"));
    const real = parseEvent(
      withDetail(loadFixture("ecs-deployment-in-progress-rollback"), {
        reason: "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/4242.",
      }),
    );

    expect(sample).toMatchObject({ eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS", rollbackTo: "deploymentID" });
    expect(real).toMatchObject({ rollbackTo: "ecs-svc/4242" });
  });

  it("names the capacity providers of a Fargate Spot placement failure", () => {
    const event = parseEvent(loadFixture("ecs-service-action-placement-failure-fargate-spot"));

    expect(event).toMatchObject({
      kind: "service-action",
      eventType: "ERROR",
      eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
      reason: "RESOURCE:FARGATE",
      capacityProviders: ["FARGATE_SPOT"],
      createdAt: "2019-11-06T19:09:33.087Z",
      time: "2019-11-19T19:55:38.000Z",
    });
  });

  it("reads the alarm's name, states and ARN", () => {
    const event = parseEvent(loadFixture("cloudwatch-alarm-state-change-single-metric"));

    expect(event).toMatchObject({
      kind: "alarm",
      alarmName: "ServerCpuTooHigh",
      state: "ALARM",
      previousState: "OK",
      alarmArn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh",
    });
  });

  it("reads the level, stage and action of CodePipeline events", () => {
    const stage = parseEvent(loadFixture("codepipeline-stage-started"));
    const action = parseEvent(loadFixture("codepipeline-action-failed"));

    expect(stage).toMatchObject({
      level: "stage",
      pipeline: "myPipeline",
      stage: "Prod",
      action: undefined,
      state: "STARTED",
    });
    expect(action).toMatchObject({ level: "action", stage: "Deploy", action: "Deploy", state: "FAILED" });
  });
});

describe("forward compatibility", () => {
  it("accepts unknown fields at envelope and detail level without changing the result", () => {
    const plain = parseEvent(loadFixture(SCALING));
    const raw = withDetail(withEnvelope(loadFixture(SCALING), { "replay-name": "r1" }), {
      healthStatus: "UNHEALTHY",
      newThing: { a: 1 },
    });

    expect(parseEvent(raw)).toEqual(plain);
  });

  it("keeps a Service Action eventName it has never seen", () => {
    const event = parseEvent(
      withDetail(loadFixture("ecs-service-action-steady-state"), {
        eventName: "SERVICE_SOMETHING_NEW",
        eventType: "NOTICE",
      }),
    );

    expect(event).toMatchObject({ kind: "service-action", eventName: "SERVICE_SOMETHING_NEW", eventType: "NOTICE" });
  });

  it("keeps a lastStatus it has never seen", () => {
    const event = parseEvent(
      withDetail(loadFixture("ecs-task-running-service-fargate-real"), { lastStatus: "ACTIVATING" }),
    );

    expect(event).toMatchObject({ kind: "task", lastStatus: "ACTIVATING", stop: undefined });
  });

  it("classifies a new stopCode as unknown when nothing else explains the stop", () => {
    const event = parseEvent(
      withDetail(loadFixture(SCALING), {
        stopCode: "SomeFutureStopCode",
        stoppedReason: "A reason ECS has not written before",
      }),
    );

    expect(event).toMatchObject({ stop: { code: "SomeFutureStopCode", class: "unknown" } });
  });

  it("classifies a new stopCode by its stoppedReason when that is recognised", () => {
    const event = parseEvent(withDetail(loadFixture(SCALING), { stopCode: "SomeFutureStopCode" }));

    expect(event).toMatchObject({ stop: { code: "SomeFutureStopCode", class: "expected" } });
  });
});

describe("rejecting events", () => {
  it.each([
    ["detail.taskArn", () => withDetail(loadFixture(SCALING), { taskArn: undefined })],
    ["detail.clusterArn", () => withDetail(loadFixture(SCALING), { clusterArn: undefined })],
    ["detail.version", () => withDetail(loadFixture(SCALING), { version: "6" })],
    ["detail.deploymentId", () => withDetail(loadFixture("ecs-deployment-completed"), { deploymentId: undefined })],
    ["detail.updatedAt", () => withDetail(loadFixture("ecs-deployment-completed"), { updatedAt: "yesterday-ish" })],
    ["detail.eventName", () => withDetail(loadFixture("ecs-service-action-steady-state"), { eventName: undefined })],
    [
      "detail.alarmName",
      () => withDetail(loadFixture("cloudwatch-alarm-state-change-single-metric"), { alarmName: undefined }),
    ],
    [
      "detail.execution-id",
      () => withDetail(loadFixture("codepipeline-pipeline-started"), { "execution-id": undefined }),
    ],
    ["id", () => withEnvelope(loadFixture(SCALING), { id: undefined })],
    ["resources", () => withEnvelope(loadFixture(SCALING), { resources: undefined })],
    ["resources.0", () => withEnvelope(loadFixture("ecs-deployment-completed"), { resources: [] })],
    [
      "resources.0",
      () =>
        withEnvelope(loadFixture("ecs-service-action-steady-state"), {
          resources: ["arn:aws:ecs:us-west-2:111122223333:cluster/default"],
        }),
    ],
    [
      "time",
      () =>
        withDetail(withEnvelope(loadFixture("ecs-task-spot-interruption-partial"), { time: undefined }), {
          createdAt: undefined,
        }),
    ],
  ])("rejects an event with a missing or wrong %s, naming the field", (field, make) => {
    const error = parseError(make());

    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).message).toContain(field);
    expect((error as InvalidEventError).issues.some((i) => i.startsWith(field))).toBe(true);
  });

  it("keeps an unknown detail-type as an unknown event naming its service, never rejecting it", () => {
    const raw = withEnvelope(loadFixture("ecs-service-action-steady-state"), {
      "detail-type": "ECS Daemon Service Action",
    });

    const event = parseEvent(raw);

    expect(event).toMatchObject({
      kind: "unknown",
      detailType: "ECS Daemon Service Action",
      source: "aws.ecs",
      eventName: "SERVICE_STEADY_STATE",
      ref: { cluster: "default", service: "servicetest" },
    });
  });

  it("keeps an unknown detail-type that names no service as an unknown event without one", () => {
    const raw = withEnvelope(loadFixture("ecs-service-action-steady-state"), {
      "detail-type": "ECS Something New",
      resources: [],
    });

    expect(parseEvent(raw)).toMatchObject({ kind: "unknown", ref: undefined, detailType: "ECS Something New" });
  });

  it.each([null, undefined, 42, "an event", [], true])(
    "rejects the non-object input %j with InvalidEventError",
    (raw) => {
      expect(parseError(raw)).toBeInstanceOf(InvalidEventError);
    },
  );

  it("does not crash on an event whose detail is not an object", () => {
    const error = parseError(withEnvelope(loadFixture(SCALING), { detail: "STOPPED" }));

    expect((error as InvalidEventError).issues).toEqual([expect.stringMatching(/^detail/)]);
  });
});

describe("the ECS Hook State Change event", () => {
  it("reads the pause hook: service, service deployment, hook id, stage, expiry and timeout action", () => {
    const event = parseEvent(loadFixture("ecs-hook-awaiting-action-derived"));

    expect(event).toMatchObject({
      kind: "hook",
      cluster: "default",
      service: "servicetest",
      eventName: "HOOK_AWAITING_ACTION",
      serviceDeploymentArn: expect.stringContaining(":service-deployment/default/servicetest/"),
      deploymentId: undefined,
      hookId: "ecs-pause-e7tK9G_WRJqNF_EOMjztDXfKenlJuEUVjsNStf4WLKw",
      targetType: "PAUSE",
      stage: "POST_TEST_TRAFFIC_SHIFT",
      expiresAt: "2026-05-20T10:25:00.000Z",
      timeoutAction: "ROLLBACK",
    });
  });

  it("takes the service from the service deployment ARN when resources name none", () => {
    const raw = withEnvelope(loadFixture("ecs-hook-awaiting-action-derived"), { resources: [] });

    expect(parseEvent(raw)).toMatchObject({ kind: "hook", cluster: "default", service: "servicetest" });
  });

  it("accepts an event name it does not know as a hook event, for the history", () => {
    const raw = withDetail(loadFixture("ecs-hook-awaiting-action-derived"), { eventName: "HOOK_SOMETHING_NEW" });

    expect(parseEvent(raw)).toMatchObject({ kind: "hook", eventName: "HOOK_SOMETHING_NEW" });
  });
});
