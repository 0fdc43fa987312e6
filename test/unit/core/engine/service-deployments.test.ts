import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { carryOut, resumeIntent } from "@ecs-guardrails/core/engine/carry-out";
import type { EngineDeps } from "@ecs-guardrails/core/engine/run";
import type { ServiceDeploymentGateway, ServiceGateway } from "@ecs-guardrails/core/engine/ports";
import { readServiceDeployments } from "@ecs-guardrails/core/engine/service-deployments";
import type { Decision, OpenIntent } from "@ecs-guardrails/core/model/decision";
import type { RevisionSettings, ServiceDeploymentView } from "@ecs-guardrails/core/model/revision-settings";
import type { ServiceRevisionDetail, StopOutcome } from "@ecs-guardrails/core/model/service-deployments";
import { RecordingNotifier } from "../../../kit/recording-notifier.ts";
import { scriptedStore } from "../../../support/scripted-store.ts";
import { REF, at, ecsDeployment, rollout, serviceDescription, td } from "../../../support/snapshots.ts";
import { badRevision, knownGoodRevision, serviceDeployment, serviceDeploymentArn } from "../../../support/revisions.ts";

// The engine reads ECS's service deployments for a rollback (list since the rollout began,
// describe the deployments, describe their revisions) and stops a deployment through the ECS
// port; a resumed rollback reads them again and never stops twice what ECS already rolls back.

const BAD = serviceDeploymentArn("Xq3bZ0RqJg2kA9");

/** ECS answered from `deployments` (DescribeServices and the service-deployment calls), each call recorded. */
function fakeGateway(
  deployments: ServiceDeploymentView[],
  options: { fails?: string; primary?: string; stop?: StopOutcome } = {},
) {
  const calls: string[] = [];
  const revisions = deployments.flatMap((d) => [...(d.target ? [d.target] : []), ...d.sources]);
  const ecs: ServiceGateway = {
    describeService: async () => (
      calls.push("DescribeServices"),
      serviceDescription({
        deployments: [ecsDeployment(options.primary ?? "ecs-svc/3", { status: "PRIMARY", taskDefinition: td(41) })],
      })
    ),
    updateService: async () => (calls.push("UpdateService"), { deploymentId: "ecs-svc/3" }),
  };
  const detail = (d: ServiceDeploymentView) => ({
    arn: d.arn,
    serviceArn: "",
    clusterArn: "",
    status: d.status,
    statusReason: undefined,
    createdAt: d.createdAt,
    startedAt: d.createdAt,
    finishedAt: undefined,
    targetRevisionArn: d.target?.arn,
    stoppedAt: undefined,
    updatedAt: undefined,
    sourceRevisions: d.sources.map((r) => counts(r.arn)),
    targetRevision: d.target ? counts(d.target.arn) : undefined,
    lifecycleStage: undefined,
    lifecycleHooks: [],
    circuitBreaker: undefined,
    alarms: undefined,
    rollback: undefined,
  });
  const sd: ServiceDeploymentGateway = {
    listServiceDeployments: async (_ref, o) => {
      calls.push(`ListServiceDeployments after ${o?.createdAfter}`);
      if (options.fails) throw adapterError(options.fails);
      return deployments.map(detail);
    },
    describeServiceDeployments: async (arns) => (
      calls.push(`DescribeServiceDeployments ${arns.length}`),
      { found: deployments.filter((d) => arns.includes(d.arn)).map(detail), missing: [] }
    ),
    describeServiceRevisions: async (arns) => (
      calls.push(`DescribeServiceRevisions ${arns.length}`),
      {
        found: revisions
          .filter((r) => arns.includes(r.arn))
          .map(({ arn, ...settings }) => ({ ...revisionDetail(arn, settings) })),
        missing: [],
      }
    ),
    stopServiceDeployment: async (arn, stopType) => (
      calls.push(`StopServiceDeployment ${arn} ${stopType}`), options.stop ?? { outcome: "stopped" }
    ),
    continueServiceDeployment: async () => ({ outcome: "continued" }),
  };
  return { ecs, sd, calls };
}

/** As the adapter throws it: its message, and the SDK's error (named by ECS's code) as its cause. */
function adapterError(code: string): Error {
  const cause = Object.assign(
    new Error(code === "AccessDeniedException" ? "User is not authorized" : "Rate exceeded"),
    {
      name: code,
    },
  );
  return new Error(`ECS ListServiceDeployments failed: ${cause.message}`, { cause });
}

const counts = (arn: string) => ({ arn, requestedTaskCount: 2, runningTaskCount: 2, pendingTaskCount: 0 });
const revisionDetail = (arn: string, settings: RevisionSettings): ServiceRevisionDetail => ({
  arn,
  serviceArn: "",
  clusterArn: "",
  taskDefinition: settings.taskDefinition,
  capacityProviderStrategy: settings.capacityProviderStrategy ?? [],
  launchType: undefined,
  platformVersion: undefined,
  loadBalancers: settings.loadBalancers ?? [],
  serviceRegistryArns: [],
  network: undefined,
  serviceConnectEnabled: false,
  volumeNames: [],
  createdAt: undefined,
  settings,
});

const stopping: Decision = {
  policy: "auto-rollback",
  key: "auto-rollback#rollback#ecs-svc/2",
  action: {
    type: "rollback",
    deploymentId: "ecs-svc/2",
    taskDefinition: td(41),
    fromTaskDefinition: td(42),
    since: at(-200),
    serviceDeploymentArn: BAD,
  },
  severity: "critical",
  title: "Roll back prod/web from web:42 to web:41",
  reason: "3 failures",
  threadId: "prod/web/ecs-svc/2",
  deploymentId: "ecs-svc/2",
  facts: {},
};

function deps({ ecs, sd }: ReturnType<typeof fakeGateway>, store = scriptedStore()): EngineDeps {
  return {
    config: parseConfig({}),
    store: store.store,
    history: { timeline: async () => ({ items: [], cursor: undefined }) },
    ecs,
    serviceDeployments: sd,
    notifier: new RecordingNotifier(),
    clock: { now: () => new Date(at(300)) },
  };
}

describe("reading ECS's service deployments", () => {
  it("lists them since a time, describes them and their revisions once each, newest first", async () => {
    const older = serviceDeployment({
      arn: serviceDeploymentArn("older"),
      status: "SUCCESSFUL",
      createdAt: at(0),
      target: knownGoodRevision(),
      sources: [],
    });
    const { sd, calls } = fakeGateway([older, serviceDeployment()]);

    const view = await readServiceDeployments(REF, sd, at(-200));

    expect(calls).toEqual([
      `ListServiceDeployments after ${at(-200)}`,
      "DescribeServiceDeployments 2",
      "DescribeServiceRevisions 2",
    ]);
    expect(view).toEqual({ deployments: [serviceDeployment(), older] });
  });

  it("says why, without throwing, when ECS refuses the call for good (access denied)", async () => {
    const { sd } = fakeGateway([serviceDeployment()], { fails: "AccessDeniedException" });

    expect(await readServiceDeployments(REF, sd, at(0))).toEqual({
      unavailable: "ECS ListServiceDeployments failed: User is not authorized",
    });
  });

  it("throws a passing failure (throttling), for the invocation to be retried and restore it all", async () => {
    const { sd } = fakeGateway([serviceDeployment()], { fails: "ThrottlingException" });

    await expect(readServiceDeployments(REF, sd, at(0))).rejects.toThrow("ECS ListServiceDeployments failed");
  });

  it("says so when the function has no such calls", async () => {
    expect(await readServiceDeployments(REF, undefined, at(0))).toEqual({
      unavailable: "this function does not read them",
    });
  });
});

describe("a rollback that stops the deployment", () => {
  it("fails, for a retry to decide again, when ECS answers the deployment is no longer in progress", async () => {
    const gateway = fakeGateway([serviceDeployment()], {
      stop: { outcome: "not-in-progress", message: "The service deployment is SUCCESSFUL" },
    });

    await expect(
      carryOut(
        REF,
        stopping,
        "enforce",
        { ...rollout(), serviceDeployments: { deployments: [serviceDeployment()] } },
        deps(gateway),
      ),
    ).rejects.toThrow(/did not stop .*: The service deployment is SUCCESSFUL/);
  });

  it("stops it with ROLLBACK and records ECS's new PRIMARY as the rollback's deployment", async () => {
    const gateway = fakeGateway([serviceDeployment()]);
    const { calls } = gateway;

    const result = await carryOut(
      REF,
      stopping,
      "enforce",
      { ...rollout(), serviceDeployments: { deployments: [serviceDeployment()] } },
      deps(gateway),
    );

    expect(calls).toEqual([`StopServiceDeployment ${BAD} ROLLBACK`, "DescribeServices"]);
    expect(result.record).toMatchObject({ verdict: "acted", rolledBack: "ecs-svc/2", startedDeployment: "ecs-svc/3" });
  });

  it("does not take the stopped deployment, still PRIMARY, for the rollback's", async () => {
    const gateway = fakeGateway([serviceDeployment()], { primary: "ecs-svc/2" });

    const result = await carryOut(
      REF,
      stopping,
      "enforce",
      { ...rollout(), serviceDeployments: { deployments: [serviceDeployment()] } },
      deps(gateway),
    );

    expect(result.record.startedDeployment).toBeUndefined();
  });

  it("is not stopped again when resumed after ECS began rolling back", async () => {
    const gateway = fakeGateway([serviceDeployment({ status: "ROLLBACK_IN_PROGRESS" })]);
    const { calls } = gateway;
    const intent: OpenIntent = {
      key: stopping.key,
      owner: "dead",
      until: at(200),
      time: at(150),
      mode: "enforce",
      decision: stopping,
    };

    const result = await resumeIntent(REF, intent, rollout(), deps(gateway));

    expect(calls).toEqual([
      `ListServiceDeployments after ${at(-200)}`,
      "DescribeServiceDeployments 1",
      "DescribeServiceRevisions 2",
    ]);
    expect(result.record).toMatchObject({ verdict: "acted", rolledBack: "ecs-svc/2", counted: true });
    expect(badRevision().arn).not.toBe(BAD);
  });
});
