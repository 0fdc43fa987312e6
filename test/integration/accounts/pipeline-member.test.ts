import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { DynamoHistoryStore } from "../../../packages/aws/src/history/dynamo-history-store.ts";
import { jobIdOf, pipelineJobEvent } from "../../../packages/sim/src/events/pipeline-job.ts";
import { runRelease, type Release } from "../../../packages/cli/src/runtime/pipeline-run.ts";
import { startStack, type LocalStack } from "../../../packages/cli/src/runtime/stack.ts";
import type { PublishedMessage } from "../../../packages/sim/src/endpoints/sns.ts";
import { addWeb } from "../../support/member-web.ts";

// A pipeline in the hub deploying to a member account: its actions name the member's service
// by ARN. Home and the member both run a `prod/web` on the same revisions; the member's new
// revision crashes. The gate and verify read the member's history and ECS (as its role), the
// ingest rolls the member's service back, and home's `prod/web` is never looked at or touched.

const START = Date.parse("2026-11-20T10:00:00Z");
const MEMBER = "444455556666";
const REGION = "us-east-1";
let stack: LocalStack;
let history: DynamoHistoryStore;
const notices: PublishedMessage[] = [];
const tableName = `pipeline-member-${randomUUID().slice(0, 8)}`;

const release = (n: number, over: Partial<Release> = {}): Release => ({
  pipeline: "web-release",
  executionId: `0000000${n}-aaaa-4bbb-8ccc-00000000000${n}`,
  cluster: "prod",
  service: "web",
  account: MEMBER,
  taskDefinition: "web:2",
  commitId: `c0ffee${n}`,
  branch: "main",
  bakeMinutes: 3,
  pollMs: 30_000,
  ...over,
});

beforeAll(async () => {
  const config = parseConfig({
    pipeline: { gate: { mode: "enforce" } },
    overrides: [{ cluster: "prod", service: "*", policies: { "auto-rollback": { mode: "enforce" } } }],
  });
  stack = await startStack({
    config,
    start: START,
    simulatorEmits: true,
    members: [MEMBER],
    sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName },
    onNotification: (m) => void notices.push(m),
  });
  history = new DynamoHistoryStore({ client: stack.dynamo.client, tableName });
  addWeb(stack.sim, false);
  addWeb(stack.members.get(MEMBER)!, true);
  await stack.advance(5 * 60_000);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const member = { cluster: "prod", service: "web", account: MEMBER, region: REGION };
const home = { cluster: "prod", service: "web" };

describe("a pipeline in the hub deploying to a member's prod/web", () => {
  it("verifies the failing release in the member, where the guardrails rolled it back, and fails the job", async () => {
    const run = await runRelease(stack, release(1));

    expect(run.gate.final).toMatchObject({ outcome: "success", outputVariables: { gate: "passed" } });
    const final = run.verify!.final;
    expect(final?.outcome === "failure" && final.failureDetails).toMatchObject({
      type: "JobFailed",
      message: expect.stringMatching(
        /verify failed: deployment ecs-svc\/\S+ \(web:2\) was rolled back by the guardrails \(auto-rollback\)/,
      ),
    });
    const described = stack.members.get(MEMBER)!.describeServices({ cluster: "prod", services: ["web"] });
    expect(described.services[0]?.taskDefinition).toMatch(/:task-definition\/web:1$/);
  }, 60_000);

  it("keeps the gate's and verify's results under the member's keys, none under home's prod/web", async () => {
    const inMember = (await history.timeline(member, { limit: 200 })).items.filter((e) => e.type === "pipeline");
    const inHome = (await history.timeline(home, { limit: 200 })).items.filter((e) => e.type === "pipeline");

    expect(inMember.map((e) => e.eventName)).toEqual(expect.arrayContaining(["gate-passed", "verify-rolled-back"]));
    expect(inHome).toEqual([]);
  });

  it("leaves home's prod/web of the same name alone", () => {
    const described = stack.sim.describeServices({ cluster: "prod", services: ["web"] });

    expect(described.services[0]?.taskDefinition).toMatch(/:task-definition\/web:1$/);
    expect(described.services[0]?.deployments).toHaveLength(1);
  });

  it("names the member's account and Region in the verify's notice", () => {
    const verify = notices
      .map((m) => ({ attributes: m.messageAttributes, body: JSON.parse(m.message) }))
      .find((m) => /Pipeline verify failed/.test(m.body.content.title));

    expect(verify?.attributes?.["account"]?.StringValue).toBe(MEMBER);
    expect(verify?.body.content.description).toContain(`account ${MEMBER} (${REGION})`);
  });

  it("fails a job whose service ARN names an account that is neither home nor a member, naming the account", async () => {
    const jobId = jobIdOf("stranger");
    await stack.invokePipeline(
      pipelineJobEvent({
        jobId,
        userParameters: {
          mode: "gate",
          cluster: "prod",
          service: `arn:aws:ecs:${REGION}:999988887777:service/prod/web`,
        },
      }),
    );

    expect(stack.endpoints.jobResults.find((r) => r.jobId === jobId)).toMatchObject({
      outcome: "failure",
      failureDetails: {
        type: "ConfigurationError",
        message:
          "UserParameters.service names account 999988887777 (us-east-1), which is neither this account nor a member in organization.members",
      },
    });
  });
});
