import { describe, expect, it } from "vitest";
import { ActionFailedError } from "../../../packages/core/src/errors.ts";
import { at, pausedWorld } from "../../support/pause-hooks.ts";

// A paused deployment through the ingest and the reconcile as deployed: answered once per hook
// in enforce, announced in observe, and never answered ROLLBACK because of a fault.

const kinds = (w: Awaited<ReturnType<typeof pausedWorld>>) => w.messages().map((m) => m.body.content.title as string);

describe("a pause hook through the engine", () => {
  it("answers ROLLBACK once for a crashing revision, however often the event comes", async () => {
    const w = await pausedWorld({ mode: "enforce" });
    for (const [i, id] of ["t1", "t2", "t3"].entries()) await w.crash(id, 60 + i);

    await w.pause(120);
    await w.pause(121, "evt-pause-1");
    await w.pause(125, "evt-pause-redelivered-with-another-id");

    expect(w.hooks.answers).toEqual([
      { serviceDeploymentArn: expect.any(String), hookId: "ecs-pause-1", action: "ROLLBACK" },
    ]);
    expect(kinds(w).filter((t) => t.includes("at its paused"))).toHaveLength(1);
  });

  it("in observe mode announces what it would answer and leaves the hook to a person", async () => {
    const w = await pausedWorld({ mode: "observe", bakeMinutes: 0 });

    const { results } = await w.pause(120);

    expect(w.hooks.answers).toEqual([]);
    expect(results.at(-1)?.record).toMatchObject({ verdict: "observed", action: { answer: "CONTINUE" } });
    expect(kinds(w).some((t) => t.includes("[observe] Would continue the deployment of prod/web"))).toBe(true);
  });

  it("answers CONTINUE on the reconcile once a clean revision has baked", async () => {
    const w = await pausedWorld({ mode: "enforce", bakeMinutes: 5 });
    await w.pause(120);
    expect(w.hooks.answers).toEqual([]);

    await w.tick(at(120 + 5 * 60));

    expect(w.hooks.answers).toEqual([expect.objectContaining({ action: "CONTINUE" })]);
  });

  it("records, without answering, a hook a person answered the other way first", async () => {
    const w = await pausedWorld({ mode: "enforce", bakeMinutes: 0 });
    w.hooks.hooks.get([...w.hooks.hooks.keys()][0]!)![0]!.status = "FAILED";

    const { results } = await w.pause(120);

    expect(w.hooks.answers).toEqual([]);
    expect(results.at(-1)?.record).toMatchObject({ verdict: "noted", guard: expect.stringContaining("FAILED") });
  });

  it("retries an answer ECS did not take while time is left, and answers it", async () => {
    const w = await pausedWorld({ mode: "enforce", bakeMinutes: 0 });
    w.hooks.failing.continueServiceDeployment = new Error("ThrottlingException: Rate exceeded");

    await expect(w.pause(120)).rejects.toBeInstanceOf(ActionFailedError);
    delete w.hooks.failing.continueServiceDeployment;
    await w.tick(at(300));

    expect(w.hooks.answers).toEqual([expect.objectContaining({ action: "CONTINUE" })]);
  });

  it("leaves the hook to ECS's timeout action when faults last, says so, and never answers ROLLBACK", async () => {
    const w = await pausedWorld({ mode: "enforce", bakeMinutes: 0 }, at(700));
    w.hooks.failing.continueServiceDeployment = new Error("ThrottlingException: Rate exceeded");

    await expect(w.pause(120)).rejects.toBeInstanceOf(ActionFailedError);
    await w.tick(at(300));
    await w.tick(at(600));
    await w.tick(at(690));

    expect(w.hooks.answers).toEqual([]);
    const told = w.messages().map((m) => `${m.body.content.title} ${m.body.content.description}`);
    expect(
      told.some((t) => t.includes("[moot] Would continue") && t.includes("ECS takes its timeout action (ROLLBACK)")),
    ).toBe(true);
    expect(told.some((t) => t.includes("Roll back"))).toBe(false);
  });
});
