import { describe, expect, it } from "vitest";
import { stops, taskStateChange } from "../../../packages/sim/src/events/builders.ts";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { parseEvent } from "../../../packages/core/src/events/parse.ts";
import type { TaskEvent } from "../../../packages/core/src/events/model.ts";
import { EcsServiceGateway } from "../../../packages/aws/src/ecs/service-gateway.ts";
import { fakeEcs } from "../../support/fake-ecs.ts";
import {
  BLUE_GREEN_SERVICE,
  HOOK_REF,
  hookRevisions,
  hookWorld,
  invocation,
  TARGET_DEPLOYMENT,
} from "../../support/deployment-hook.ts";

// The lifecycle hook invoked for a member account's service (the documented invocation names
// a service in 123456789012, us-west-2): it judges from the member's history keys and reads the
// member's ECS as the member role, never home's service of the same name. An account that is
// no member is answered without reading anything.

const HOME = { account: "111122223333", region: "us-west-2" };
const MEMBER = { account: "123456789012", region: "us-west-2" };
const ENFORCE = { policies: { "auto-rollback": { mode: "enforce" as const } } };

async function memberWorld(members: { account: string }[]) {
  const world = await hookWorld({ config: ENFORCE });
  const asked: unknown[] = [];
  const homeReads: string[] = [];
  world.deps.config = parseConfig({ ...ENFORCE, organization: { members } });
  world.deps.home = HOME;
  world.deps.ecs = {
    describeService: async (ref) => void homeReads.push(`${ref.cluster}/${ref.service}`),
  };
  world.deps.forPlace = async (place) => {
    asked.push(place);
    return { ecs: new EcsServiceGateway(fakeEcs(BLUE_GREEN_SERVICE).client), revisions: hookRevisions(taskDef) };
  };
  world.deps.revisions = {
    describeServiceDeployments: async () => {
      throw new Error("home's ECS was asked about a member's deployment");
    },
    describeServiceRevisions: async () => [],
  };
  return { world, asked, homeReads };
}
const taskDef = BLUE_GREEN_SERVICE.deployments[0]!.taskDefinition;

/** A crash of the target revision's task, recorded under the member's keys as the hub's ingest records it. */
function memberCrash(n: number): TaskEvent {
  const raw = taskStateChange({
    ...HOOK_REF,
    taskId: `t${n}`,
    deploymentId: TARGET_DEPLOYMENT,
    taskDefinition: "my-service:8",
    version: 3,
    lastStatus: "STOPPED",
    time: `2026-11-20T10:0${n}:00Z`,
    stop: stops.crash(),
  });
  return { ...(parseEvent(raw) as TaskEvent), ...MEMBER };
}

describe("the deployment hook for a member account's service", () => {
  it("fails the revision from the member's history, read as the member, never from home's", async () => {
    const { world, asked, homeReads } = await memberWorld([{ account: MEMBER.account }]);
    for (const n of [1, 2, 3]) await world.history.recordTask(memberCrash(n));
    world.at("2026-11-20T10:04:00Z");

    const outcome = await world.ask(invocation("TEST_TRAFFIC_SHIFT"));

    expect(outcome.response.hookStatus).toBe("FAILED");
    expect(outcome.ref).toEqual({ ...HOOK_REF, ...MEMBER });
    expect(asked).toEqual([MEMBER]);
    expect(homeReads).toEqual([]);
    const inMember = (await world.history.timeline({ ...HOOK_REF, ...MEMBER }, { limit: 100 })).items;
    expect(inMember.filter((e) => e.data?.["source"] === "deployment-hook").map((e) => e.summary)).toEqual([
      expect.stringMatching(/^deployment hook answered FAILED at TEST_TRAFFIC_SHIFT/),
    ]);
    expect(await world.timeline()).toEqual([]);
  });

  it("answers SUCCEEDED without reading anything for an account that is no member, naming it", async () => {
    const { world, asked, homeReads } = await memberWorld([{ account: "444455556666" }]);

    const outcome = await world.ask(invocation("TEST_TRAFFIC_SHIFT"));

    expect(outcome.response.hookStatus).toBe("SUCCEEDED");
    expect(outcome.answer.reason).toBe(
      "account 123456789012 (us-west-2) is neither this account nor a member in organization.members",
    );
    expect(asked).toEqual([]);
    expect(homeReads).toEqual([]);
  });
});
