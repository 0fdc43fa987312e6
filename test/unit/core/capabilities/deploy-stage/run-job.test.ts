import { describe, expect, it } from "vitest";
import { loadFixture } from "../../../../support/fixtures.ts";
import { ecsDeployment, jobEvent, jobIds, record, REF, service, state, TD } from "../../../../support/pipeline.ts";
import { parseConfig } from "../../../../../packages/core/src/config/load.ts";
import type { ConfigInput } from "../../../../../packages/core/src/config/schema.ts";
import type { JobAnswer } from "../../../../../packages/core/src/capabilities/deploy-stage/answer.ts";
import type {
  PipelineResultEntry,
  PipelineStore,
  Reply,
} from "../../../../../packages/core/src/capabilities/deploy-stage/ports.ts";
import {
  runPipelineJob,
  type PipelineJobDeps,
} from "../../../../../packages/core/src/capabilities/deploy-stage/run-job.ts";
import type { Notice } from "../../../../../packages/core/src/notifications/notice.ts";
import type { Ledger, LedgerClaim } from "../../../../../packages/core/src/engine/ledger.ts";
import type { TimelineEntry } from "../../../../../packages/core/src/history/model.ts";

// The job use case over in-memory ports: every input gets exactly one answer, and a fault at
// any port call, retried as Lambda retries, still ends in exactly one answer.

const NOW = new Date("2026-11-20T10:00:00Z");

function world(options: { config?: ConfigInput; fault?: { at: string; times?: number }; emptyHistory?: boolean } = {}) {
  const sent: { jobId: string; answer: JobAnswer }[] = [];
  const answered = new Set<string>();
  const claims = new Map<string, { reply: Reply | undefined; answered: boolean }>();
  const outbox: Record<string, { at: string; notice: Notice }> = {};
  const entries: PipelineResultEntry[] = [];
  const notices: Notice[] = [];
  const logs: string[] = [];
  const calls: string[] = [];
  const baselines: { executionId: string | undefined; baseline: unknown }[] = [];
  let now = NOW;
  let faults = options.fault?.times ?? 1;
  const maybeFail = (at: string) => {
    calls.push(at);
    if (options.fault?.at === at && faults > 0) {
      faults -= 1;
      throw new Error(`injected fault at ${at}`);
    }
  };
  const store: PipelineStore = {
    saveBaseline: async (_ref, executionId, baseline) => (
      maybeFail("saveBaseline"), void baselines.push({ executionId, baseline })
    ),
    baseline: async (_ref, executionId) => (
      maybeFail("baseline"), executionId ? { deploymentId: "ecs-svc/1", at: "2026-11-20T09:45:00.000Z" } : undefined
    ),
    linkDeployment: async () => maybeFail("linkDeployment"),
    deploymentLink: async () => undefined,
    recordExecutionEvent: async () => ({ status: "recorded" }),
    execution: async () => undefined,
  };
  // The engine's ledger, in memory: the job's claim (its reply the intent), the result once with its notice in the outbox.
  const jobOf = (key: string) => key.slice("pipeline#".length);
  const ledger: Omit<Ledger, "delivered"> = {
    claimOnce: async <I>(key: string): Promise<LedgerClaim<I>> => {
      maybeFail("claimJob");
      const found = claims.get(jobOf(key));
      if (found)
        return {
          status: "claimed-before",
          intent: structuredClone(found.reply) as I | undefined,
          done: found.answered,
        };
      claims.set(jobOf(key), { reply: undefined, answered: false });
      return { status: "claimed" };
    },
    saveIntent: async <I>(key: string, intent: I): Promise<I> => {
      maybeFail("saveReply");
      const claim = claims.get(jobOf(key))!;
      claim.reply ??= structuredClone(intent) as Reply;
      return structuredClone(claim.reply) as I;
    },
    markDone: async (key) => {
      maybeFail("markAnswered");
      claims.get(jobOf(key))!.answered = true;
    },
    recordOnce: async (_ref, entry, notice) => {
      maybeFail("recordResult");
      const jobId = entry.data?.["jobId"];
      if (entries.some((e) => e.jobId === jobId)) return;
      entries.push(resultOf(entry));
      if (notice) outbox[notice.key] = { at: notice.at, notice: notice.notice };
    },
  };
  const deps: PipelineJobDeps = {
    config: parseConfig(options.config ?? { pipeline: { gate: { mode: "enforce" } } }),
    results: {
      send: async (jobId, answer) => {
        maybeFail("send");
        if (answered.has(jobId)) return "already-answered";
        answered.add(jobId);
        sent.push({ jobId, answer });
        return "answered";
      },
    },
    store,
    history: {
      ...ledger,
      delivered: async (_ref, key) => (maybeFail("delivered"), void delete outbox[key]),
      loadHistory: async () => (
        maybeFail("loadHistory"),
        {
          state: state({ lastKnownGoodTaskDefinition: TD(1), outbox: structuredClone(outbox) }),
          deployments: options.emptyHistory
            ? []
            : [
                record("ecs-svc/2", { taskDefinitionArn: TD(2), startedAt: "2026-11-20T09:50:00.000Z" }),
                record("ecs-svc/1", { startedAt: "2026-11-20T08:00:00.000Z", completedAt: "2026-11-20T08:05:00.000Z" }),
              ],
        }
      ),
    },
    failures: { deploymentFailures: async () => (maybeFail("deploymentFailures"), []) },
    // A release in progress (ecs-svc/2) after the one the gate saw (ecs-svc/1).
    ecs: {
      describeService: async () => (
        maybeFail("describeService"),
        service([
          ecsDeployment("ecs-svc/2", {
            taskDefinition: TD(2),
            rolloutState: "IN_PROGRESS",
            createdAt: "2026-11-20T09:50:00.000Z",
          }),
          ecsDeployment("ecs-svc/1", { status: "ACTIVE", createdAt: "2026-11-20T08:00:00.000Z" }),
        ])
      ),
    },
    notifier: { publish: async (n) => (maybeFail("publish"), void notices.push(n)) },
    clock: { now: () => now },
    log: {
      info: (m, e) => void logs.push(JSON.stringify({ m, e })),
      error: (m, e) => void logs.push(JSON.stringify({ m, e })),
    },
  };
  /** Lambda's asynchronous invocation: the first attempt and two retries. */
  const invoke = async (event: unknown) => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      // Lambda retries an asynchronous invocation about a minute, then two, after a failure.
      if (attempt > 1) now = new Date(now.getTime() + 60_000 * (attempt - 1));
      try {
        return await runPipelineJob(event, deps);
      } catch (error) {
        // retried; what Lambda would log of the failed attempt
        logs.push(String((error as Error).stack));
      }
    }
    return undefined;
  };
  return { deps, sent, entries, notices, logs, invoke, calls, baselines, outbox, claims };
}

/** The deploy stage's result as it was written: back from the timeline entry the ledger records. */
function resultOf(entry: TimelineEntry): PipelineResultEntry {
  const { jobId, mode, verdict, executionId, ...data } = entry.data as Record<string, string>;
  return {
    jobId: jobId!,
    time: entry.time,
    mode: mode as PipelineResultEntry["mode"],
    verdict: verdict!,
    summary: entry.summary,
    executionId,
    deploymentId: entry.deploymentId,
    data,
  };
}

const nextId = jobIds("b");
const gate = { mode: "gate", cluster: REF.cluster, service: REF.service, executionId: "exec-1" };

describe("answering a CodePipeline job", () => {
  it("answers the gate with a success and its output variables", async () => {
    const w = world();
    const id = nextId();
    await w.invoke(jobEvent(id, gate));
    expect(w.sent).toEqual([
      {
        jobId: id,
        answer: expect.objectContaining({
          outcome: "success",
          outputVariables: {
            lastKnownGood: TD(1),
            currentDeploymentId: "ecs-svc/2",
            gate: "passed",
            history: "recorded",
          },
        }),
      },
    ]);
    expect(w.entries).toEqual([
      expect.objectContaining({ jobId: id, mode: "gate", verdict: "passed", executionId: "exec-1" }),
    ]);
  });

  it("fails the job when the gate blocks, records why and notifies", async () => {
    const w = world({ config: { killSwitch: true, pipeline: { gate: { mode: "enforce" } } } });
    const id = nextId();
    await w.invoke(jobEvent(id, gate));
    expect(w.sent[0]!.answer).toEqual({
      outcome: "failure",
      type: "JobFailed",
      message: expect.stringMatching(/gate blocked prod\/web: the global kill switch is on/),
    });
    expect(w.entries[0]).toMatchObject({ verdict: "blocked", data: { blockers: ["kill-switch"] } });
    expect(w.notices.map((n) => n.eventType)).toEqual(["pipeline.gate.blocked"]);
  });

  it("succeeds in observe mode but records and notifies that it would have blocked", async () => {
    const w = world({ config: { killSwitch: true } });
    const id = nextId();
    await w.invoke(jobEvent(id, gate));
    expect(w.sent[0]!.answer).toMatchObject({
      outcome: "success",
      summary: expect.stringMatching(/^observe mode: would have blocked: the global kill switch/),
      outputVariables: { gate: "would-have-blocked" },
    });
    expect(w.entries[0]).toMatchObject({ verdict: "would-have-blocked" });
    expect(w.notices.map((n) => n.eventType)).toEqual(["pipeline.gate.would-have-blocked"]);
  });

  it("answers the documented sample's opaque UserParameters with a ConfigurationError", async () => {
    const w = world();
    const sample = loadFixture("codepipeline-job-lambda-invoke");
    await w.invoke(sample);
    expect(w.sent).toEqual([
      {
        jobId: "11111111-abcd-1111-abcd-111111abcdef",
        answer: {
          outcome: "failure",
          type: "ConfigurationError",
          message: expect.stringMatching(/^UserParameters is not JSON/),
        },
      },
    ]);
  });

  it("answers a malformed job event it can identify, naming the field", async () => {
    const w = world();
    const event = jobEvent(nextId(), gate);
    delete event["CodePipeline.job"].data.actionConfiguration;
    await w.invoke(event);
    expect(w.sent[0]!.answer).toMatchObject({
      type: "ConfigurationError",
      message: expect.stringMatching(/CodePipeline\.job\.data\.actionConfiguration is required/),
    });
  });

  it("cannot answer an event without a job id, and says so once without retrying", async () => {
    const w = world();
    const result = await w.invoke({ "CodePipeline.job": { data: {} } });
    expect(result?.status).toBe("unanswerable");
    expect(w.sent).toEqual([]);
  });

  it("answers a service outside the scope with a ConfigurationError", async () => {
    const w = world({ config: { scope: { clusters: ["staging"] } } });
    await w.invoke(jobEvent(nextId(), gate));
    expect(w.sent[0]!.answer).toMatchObject({
      type: "ConfigurationError",
      message: expect.stringMatching(/outside the guardrails' scope/),
    });
  });

  it("answers a duplicate invocation once", async () => {
    const w = world();
    const event = jobEvent(nextId(), gate);
    await w.invoke(event);
    const again = await w.invoke(structuredClone(event));
    expect(again?.status).toBe("duplicate");
    expect(w.sent).toHaveLength(1);
    expect(w.entries).toHaveLength(1);
  });

  it("starts verify with a continuation token when the sample's token is not its own", async () => {
    const w = world();
    await w.invoke(
      jobEvent(
        nextId(),
        { mode: "verify", cluster: "prod", service: "web" },
        "token_ID",
        "codepipeline-job-lambda-invoke",
      ),
    );
    expect(w.sent[0]!.answer).toMatchObject({ outcome: "success", continuationToken: expect.stringMatching(/^gv1\./) });
  });

  it("never logs the artifact credentials", async () => {
    const w = world();
    for (const params of [gate, "not json", { mode: "verify", cluster: "prod", service: "web" }])
      await w.invoke(jobEvent(nextId(), params));
    await w.invoke(loadFixture("codepipeline-job-lambda-invoke"));
    expect(w.logs.length).toBeGreaterThan(3);
    for (const secret of [
      "AKIAIOSFODNN7EXAMPLE",
      "6CGtmAa3lzWtV7a",
      "IQoJb3JpZ2luX2VjEA",
      "secret_key",
      "session_token",
      "access_key_ID",
    ]) {
      for (const line of w.logs) expect(line).not.toContain(secret);
    }
  });
});

describe("a job whose first attempt answered and then failed", () => {
  it("is not decided again by the retry: the gate's baseline stays what the gate saw", async () => {
    const w = world({ fault: { at: "markAnswered" } });
    await w.invoke(jobEvent(nextId(), gate));
    expect(w.calls.filter((c) => c === "describeService")).toHaveLength(1);
    expect(w.baselines).toHaveLength(1);
    expect(w.sent).toHaveLength(1);
  });

  it("has its notice delivered by the retry, exactly once", async () => {
    const w = world({
      config: { killSwitch: true, pipeline: { gate: { mode: "enforce" } } },
      fault: { at: "markAnswered" },
    });
    await w.invoke(jobEvent(nextId(), gate));
    expect(w.notices.map((n) => n.eventType)).toEqual(["pipeline.gate.blocked"]);
    expect(w.outbox).toEqual({});
  });

  it("has its notice delivered by the retry when the publish failed after the answer, exactly once", async () => {
    const w = world({
      config: { killSwitch: true, pipeline: { gate: { mode: "enforce" } } },
      fault: { at: "publish" },
    });
    await w.invoke(jobEvent(nextId(), gate));
    expect(w.sent).toHaveLength(1);
    expect(w.notices.map((n) => n.eventType)).toEqual(["pipeline.gate.blocked"]);
    expect(w.outbox).toEqual({});
  });
});

describe("a gate over an empty history", () => {
  it("passes, but says the history is empty in its answer, its output variables, its record and a notice", async () => {
    const w = world({ emptyHistory: true });
    await w.invoke(jobEvent(nextId(), gate));
    expect(w.sent[0]!.answer).toMatchObject({
      outcome: "success",
      summary: expect.stringContaining(
        "history empty: no deployment of prod/web recorded yet, nothing to judge from it",
      ),
      outputVariables: { gate: "passed", history: "empty" },
    });
    expect(w.entries[0]).toMatchObject({ verdict: "passed", summary: expect.stringContaining("history empty") });
    expect(w.notices.map((n) => [n.eventType, n.severity])).toEqual([["pipeline.gate.history-empty", "info"]]);
  });

  it("says nothing of it once the history has a deployment", async () => {
    const w = world();
    await w.invoke(jobEvent(nextId(), gate));
    expect(w.sent[0]!.answer).toMatchObject({ outputVariables: { history: "recorded" } });
    expect(w.notices).toEqual([]);
  });
});

describe("verify's bake and timeout", () => {
  it("answers a bake not shorter than the default timeout with one ConfigurationError line naming both", async () => {
    const w = world();
    await w.invoke(jobEvent(nextId(), { mode: "verify", cluster: "prod", service: "web", bakeMinutes: 60 }));
    expect(w.sent[0]!.answer).toEqual({
      outcome: "failure",
      type: "ConfigurationError",
      message:
        "UserParameters.bakeMinutes (60) must be shorter than pipeline.verify.timeoutMinutes (60): verify would time out before the bake ended",
    });
  });
});

describe("a job naming its service by ARN", () => {
  it("is judged as the service it names", async () => {
    const w = world({
      config: { scope: { clusters: ["prod"], services: ["web"] }, pipeline: { gate: { mode: "enforce" } } },
    });
    await w.invoke(
      jobEvent(nextId(), {
        ...gate,
        cluster: "arn:aws:ecs:us-east-1:111122223333:cluster/prod",
        service: "arn:aws:ecs:us-east-1:111122223333:service/prod/web",
      }),
    );
    expect(w.sent[0]!.answer).toMatchObject({ outcome: "success", outputVariables: { gate: "passed" } });
  });
});

describe("the job's artifact credentials", () => {
  const SECRETS = [
    "AKIAIOSFODNN7EXAMPLE",
    "6CGtmAa3lzWtV7a",
    "IQoJb3JpZ2luX2VjEA",
    "secret_key",
    "session_token",
    "access_key_ID",
    "artifactCredentials",
  ];

  it.each(["none", "send", "recordResult", "publish", "markAnswered"])(
    "reach no log line, stored item, notice or answer (fault: %s)",
    async (at) => {
      const w = world({
        config: { killSwitch: true, pipeline: { gate: { mode: "enforce" } } },
        fault: { at, times: at === "none" ? 0 : 3 },
      });
      for (const params of [
        gate,
        { mode: "verify", cluster: "prod", service: "web", executionId: "exec-1" },
        "not json",
      ])
        await w.invoke(jobEvent(nextId(), params));
      await w.invoke(loadFixture("codepipeline-job-lambda-invoke"));
      const everything = JSON.stringify([
        w.logs,
        [...w.claims.values()],
        w.entries,
        w.outbox,
        w.notices,
        w.sent,
        w.baselines,
      ]);
      expect(w.sent.length).toBeGreaterThan(0);
      for (const secret of SECRETS) expect(everything).not.toContain(secret);
    },
  );
});

describe("a fault at any port call", () => {
  const ports = [
    "claimJob",
    "saveReply",
    "delivered",
    "markAnswered",
    "recordResult",
    "saveBaseline",
    "baseline",
    "loadHistory",
    "describeService",
    "deploymentFailures",
    "send",
    "publish",
  ];

  it.each(ports)("at %s still ends in exactly one answer for a gate and a verify", async (at) => {
    for (const params of [gate, { mode: "verify", cluster: "prod", service: "web", executionId: "exec-1" }]) {
      const w = world({ fault: { at } });
      const id = nextId();
      await w.invoke(jobEvent(id, params));
      expect(w.sent.filter((s) => s.jobId === id)).toHaveLength(1);
    }
  });

  it("fails the gate closed in enforce mode when the service cannot be read", async () => {
    const w = world({ fault: { at: "describeService", times: 99 } });
    await w.invoke(jobEvent(nextId(), gate));
    expect(w.sent[0]!.answer).toMatchObject({ outcome: "failure", type: "SystemUnavailable" });
  });

  it("looks again (another continuation) when verify cannot read the service", async () => {
    const w = world({ fault: { at: "describeService", times: 99 } });
    await w.invoke(jobEvent(nextId(), { mode: "verify", cluster: "prod", service: "web" }));
    expect(w.sent[0]!.answer).toMatchObject({
      outcome: "success",
      continuationToken: expect.any(String),
      summary: expect.stringMatching(/could not look/),
    });
  });

  it("marks an answer given after its own fault, for the alarm's count: gate and verify, not a judged job", async () => {
    const judged = await world().invoke(jobEvent(nextId(), gate));
    const faulty = world({ fault: { at: "describeService", times: 99 } });
    const unchecked = await faulty.invoke(jobEvent(nextId(), gate));
    const again = await faulty.invoke(jobEvent(nextId(), { mode: "verify", cluster: "prod", service: "web" }));

    expect([judged?.afterFault, unchecked?.afterFault, again?.afterFault]).toEqual([false, true, true]);
  });

  it("still answers when the table is down (the claim cannot be written)", async () => {
    const w = world({ fault: { at: "claimJob", times: 99 } });
    await w.invoke(jobEvent(nextId(), gate));
    expect(w.sent).toHaveLength(1);
  });
});
