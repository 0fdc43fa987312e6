import { beforeEach, describe, expect, it, vi } from "vitest";
import { loadFixture } from "../../../support/fixtures.ts";

// Issue 19: the ingest builds no zod schema to read its events, at cold start or on any event:
// it checks them with event-shapes.ts (the zod schemas stay the reference, and the CLI's).
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

  it("are not built by any event, of any family", async () => {
    const parseEvent = await parser();

    parseEvent(loadFixture("ecs-task-running-ec2"));
    parseEvent(loadFixture("ecs-deployment-completed"));
    parseEvent(loadFixture("cloudwatch-alarm-state-change-single-metric"));
    parseEvent(loadFixture("codepipeline-action-failed"));

    expect(built.count).toBe(0);
  });

  it("leave the parser naming the wrong field of the first event it sees", async () => {
    const parseEvent = await parser();
    const event = loadFixture("ecs-task-running-ec2");
    delete event["detail"]["taskArn"];

    expect(() => parseEvent(event)).toThrow("invalid ECS Task State Change");
  });
});
