import { beforeAll, describe, expect, it } from "vitest";
import { DynamoPipelineStore } from "../../../packages/aws/src/codepipeline/pipeline-store.ts";
import { parseEvent } from "../../../packages/core/src/events/parse.ts";
import type { PipelineEvent } from "../../../packages/core/src/events/model.ts";
import { withProvenance } from "../../../packages/core/src/history/provenance-notifier.ts";
import type { Notice } from "../../../packages/core/src/notifications/notice.ts";
import { freshHistoryTable } from "../../support/dynamodb.ts";
import { fixtureNames, loadFixture, withDetail } from "../../support/fixtures.ts";

// Provenance over the real pipeline, stage and action samples, in DynamoDB Local: each event
// recorded once under its execution, the execution's trigger kept, its state last-writer-wins.

let store: DynamoPipelineStore;
const pipelineEvent = (name: string, patch = {}) => parseEvent(withDetail(loadFixture(name), patch)) as PipelineEvent;

beforeAll(async () => {
  const { client, tableName } = await freshHistoryTable();
  store = new DynamoPipelineStore({ client, tableName });
});

describe("pipeline execution events", () => {
  it("records every pipeline, stage and action sample, and a redelivery as a duplicate", async () => {
    const names = fixtureNames().filter((f) => /^codepipeline-(pipeline|stage|action)-/.test(f));
    expect(names.length).toBeGreaterThanOrEqual(12);
    for (const name of names) {
      // Several documented samples share the id "01234567-EXAMPLE"; EventBridge's ids are unique.
      const event = { ...pipelineEvent(name), eventId: name };
      expect(await store.recordExecutionEvent(event), name).toEqual({ status: "recorded" });
      expect(await store.recordExecutionEvent(event), name).toEqual({ status: "duplicate" });
    }
  });

  it("keeps the trigger's commit and the latest pipeline state, whatever the order", async () => {
    const id = "e17b5773-cc0d-4db2-9ad7-594c73888de8";
    const succeeded = { ...pipelineEvent("codepipeline-pipeline-succeeded-git-tag-trigger"), eventId: "late-1" };
    const started = {
      ...pipelineEvent("codepipeline-pipeline-started", { "execution-id": id, pipeline: "BuildFromTag" }),
      time: "2023-10-26T13:49:40.000Z",
      eventId: "early-1",
    };
    await store.recordExecutionEvent(succeeded);
    await store.recordExecutionEvent(started);

    expect(await store.execution(id)).toEqual({
      executionId: id,
      pipeline: "BuildFromTag",
      state: "SUCCEEDED",
      at: "2023-10-26T13:50:53.000Z",
      trigger: {
        type: "GitLab",
        commitId: "commit_ID",
        branch: undefined,
        tag: "gitlab-v4.2.1",
        repository: "mmajor/sample-project",
      },
    });
  });

  it("names the pipeline and the commit in a notice threaded on a linked deployment", async () => {
    const ref = { cluster: "prod", service: "web" };
    await store.linkDeployment({
      ...ref,
      deploymentId: "ecs-svc/42",
      executionId: "e17b5773-cc0d-4db2-9ad7-594c73888de8",
      pipeline: undefined,
      commitId: undefined,
      branch: undefined,
      at: "2023-10-26T13:55:00.000Z",
    });
    const sent: Notice[] = [];
    const notifier = withProvenance({ publish: async (n) => void sent.push(n) }, store);
    const notice = {
      severity: "critical",
      policy: "auto-rollback",
      ...ref,
      title: "Roll back",
      description: "why",
      nextSteps: [],
      threadId: "prod/web/ecs-svc/42",
      eventType: "x",
      dedupeKey: "k",
      keywords: [],
      relatedResources: [],
      context: {},
    } satisfies Notice;
    await notifier.publish(notice);
    await notifier.publish({ ...notice, threadId: "prod/web/ecs-svc/43" });

    expect(sent[0]!.description).toBe(
      "why\n\nReleased by pipeline BuildFromTag execution e17b5773-cc0d-4db2-9ad7-594c73888de8 (commit commit_ID).",
    );
    expect(sent[0]!.context).toMatchObject({ pipeline: "BuildFromTag", commit: "commit_ID" });
    expect(sent[1]!.description).toBe("why");
  });
});
