import { beforeEach, describe, expect, it, vi } from "vitest";
import { loadFixture } from "../../../support/fixtures.ts";

// Issue 19: the ingest's cold start builds no event schema; each family of events (ECS,
// CloudWatch, CodePipeline) has its schemas built on its first event, once per container.
// Counted through the one place every event schema is made of: looseObject, from core's zod.ts.

const built = vi.hoisted(() => ({ count: 0 }));

vi.mock(import("../../../../packages/core/src/zod.ts"), async (original) => {
  const z = await original();
  return {
    ...z,
    looseObject: ((...args: Parameters<typeof z.looseObject>) => {
      built.count += 1;
      return z.looseObject(...args);
    }) as typeof z.looseObject,
  };
});

beforeEach(() => {
  vi.resetModules();
  built.count = 0;
});

const parser = async () => (await import("../../../../packages/core/src/events/parse.ts")).parseEvent;

describe("the event schemas", () => {
  it("are not built when the parser is loaded", async () => {
    await parser();

    expect(built.count).toBe(0);
  });

  it("are built on the first event of their family, and only that family's", async () => {
    const parseEvent = await parser();

    parseEvent(loadFixture("ecs-task-running-ec2"));
    const ecs = built.count;
    parseEvent(loadFixture("ecs-deployment-completed"));
    parseEvent(loadFixture("ecs-task-running-ec2"));

    expect(ecs).toBeGreaterThan(0);
    expect(built.count).toBe(ecs);

    parseEvent(loadFixture("cloudwatch-alarm-state-change-single-metric"));
    expect(built.count).toBeGreaterThan(ecs);
  });

  it("still name the wrong field of the first event they see", async () => {
    const parseEvent = await parser();
    const event = loadFixture("ecs-task-running-ec2");
    delete event["detail"]["taskArn"];

    expect(() => parseEvent(event)).toThrow("invalid ECS Task State Change");
  });
});
