import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { startStackConsole, type ConsoleServer } from "../../../packages/cli/src/stack-console.ts";
import { LOCAL_TABLE, startStack, type LocalStack } from "../../../packages/cli/src/runtime/stack.ts";
import { deploymentStateChange } from "../../../packages/sim/src/events/builders.ts";

// `npm start`'s console: the stack's table, with the simulator's tags as a source. A page for a
// service the simulator does not know (another run's history, a typed URL) is still a page.

let stack: LocalStack;
let server: ConsoleServer;
const out = { line: () => undefined, json: () => undefined, error: () => undefined };

beforeAll(async () => {
  const config = parseConfig({});
  stack = await startStack({
    config,
    start: Date.parse("2026-11-20T10:00:00Z"),
    simulatorEmits: false,
    sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName: LOCAL_TABLE },
  });
  server = await startStackConsole(stack, config, undefined, out);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await stack?.stop();
});

describe("npm start's console", () => {
  it("answers 404 with one line for a service neither the history nor the simulator knows", async () => {
    const res = await fetch(new URL("/service?cluster=nowhere&service=nothing", server.url));

    expect(res.status).toBe(404);
    expect(await res.text()).toContain("<h1>404: no history for nowhere/nothing</h1>");
  });

  it("answers 404 for an unknown deployment of an unknown service", async () => {
    const res = await fetch(new URL("/deployment?cluster=nowhere&service=nothing&id=ecs-svc/1", server.url));

    expect(res.status).toBe(404);
  });

  it("shows ECS's circuit breaker as the simulated service configures it, beside the guardrails' threshold", async () => {
    stack.sim.registerTaskDefinition({ family: "cart" });
    stack.sim.addService({
      cluster: "shop",
      name: "cart",
      taskDefinition: "cart:1",
      desiredCount: 4,
      deploymentConfiguration: {
        deploymentCircuitBreaker: {
          enable: true,
          rollback: true,
          thresholdConfiguration: { type: "COUNT", value: 2 },
          resetOnHealthyTask: false,
        },
      },
    });
    // Some history, so that the service has a page.
    await stack.deliver(
      deploymentStateChange({
        cluster: "shop",
        service: "cart",
        deploymentId: "ecs-svc/1",
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        time: "2026-11-20T10:00:00Z",
      }),
    );

    const res = await fetch(new URL("/service?cluster=shop&service=cart", server.url));

    expect(res.status).toBe(200);
    expect(await res.text()).toContain(
      "rollback threshold: 3 failures; ECS&#39;s circuit breaker: 2 (COUNT 2, cumulative) of launch and health-check failures.",
    );
  });
});
