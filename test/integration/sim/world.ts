import { ECSClient } from "@aws-sdk/client-ecs";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import type { GuardrailsEvent } from "@ecs-guardrails/core/events/model";
import { startLocalEndpoints } from "@ecs-guardrails/sim/endpoints/server";
import type { CallRecord, LocalEndpoints, LocalEndpointsOptions } from "@ecs-guardrails/sim/endpoints/server";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import type { EcsSimulatorOptions, ServiceSpec } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import type { SimClock, SimEvent } from "@ecs-guardrails/sim/types";

// A local AWS for one test: a simulated ECS on a manual clock, the endpoints server in front of
// it, and SDK client settings pointed at the server. Everything the simulator emits is kept.

export type World = {
  clock: SimClock;
  sim: EcsSimulator;
  events: SimEvent[];
  calls: CallRecord[];
  endpoints: LocalEndpoints;
  /** Settings for any SDK v3 client; maxAttempts 1 so an error surfaces at once. */
  clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  };
  ecs: ECSClient;
  /** The emitted events, parsed by the project's own parser. */
  parsed(): GuardrailsEvent[];
  close(): Promise<void>;
};

export async function startWorld(
  options: { sim?: Partial<EcsSimulatorOptions>; endpoints?: Partial<LocalEndpointsOptions> } = {},
): Promise<World> {
  const clock = createManualClock("2026-03-02T09:00:00Z");
  const events: SimEvent[] = [];
  const calls: CallRecord[] = [];
  const sim = new EcsSimulator({ clock, emit: (e) => events.push(e), ...options.sim });
  const endpoints = await startLocalEndpoints({
    ecs: sim,
    now: clock.now,
    onCall: (c) => calls.push(c),
    ...options.endpoints,
  });
  const clientConfig = {
    endpoint: endpoints.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  };
  const ecs = new ECSClient(clientConfig);
  return {
    clock,
    sim,
    events,
    calls,
    endpoints,
    clientConfig,
    ecs,
    parsed: () => events.map((e) => parseEvent(e)),
    close: async () => {
      ecs.destroy();
      await endpoints.close();
    },
  };
}

/** A service "web" in cluster "prod" on revision web:1, with web:2 registered for the test to deploy. */
export function webService(
  world: World,
  spec: {
    desiredCount: number;
    capacityProviderStrategy?: { capacityProvider: string; base?: number; weight?: number }[];
    deploymentConfiguration?: ServiceSpec["deploymentConfiguration"];
  },
): void {
  world.sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  world.sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  world.sim.addService({
    cluster: "prod",
    name: "web",
    taskDefinition: "web:1",
    tags: { team: "payments", "guardrails:auto-rollback": "on" },
    ...spec,
  });
}

export const isDeploymentEvent = (name: string) => (e: SimEvent) =>
  e["detail-type"] === "ECS Deployment State Change" && e.detail.eventName === name;
export const isServiceAction = (name: string) => (e: SimEvent) =>
  e["detail-type"] === "ECS Service Action" && e.detail.eventName === name;
