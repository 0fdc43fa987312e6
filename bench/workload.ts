import { deploymentStateChange, serviceAction, stops, taskStateChange } from "../packages/sim/src/events/builders.ts";

// A busy cluster's event mix: mostly task RUNNING/STOPPED, a deployment now and then, periodic
// service actions, and a few redeliveries (EventBridge is at-least-once).

export type Workload = { events: unknown[]; kinds: string[] };

export function busyCluster(count: number, seed = 1): Workload {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const events: unknown[] = [];
  const kinds: string[] = [];
  const push = (e: unknown, kind: string) => {
    events.push(e);
    kinds.push(kind);
  };
  const start = Date.parse("2026-11-20T00:00:00Z");
  let t = 0;
  let task = 0;
  const deployments = new Map<string, number>();
  while (events.length < count) {
    t += 1;
    const time = new Date(start + t * 1000).toISOString();
    const service = `svc-${Math.floor(rand() * 40)}`;
    const dep = deployments.get(service) ?? 1;
    const deploymentId = `ecs-svc/${1000 + dep}`;
    const base = { cluster: "busy", service, deploymentId, taskDefinition: `${service}:${dep}`, time };
    const r = rand();
    if (r < 0.03) {
      deployments.set(service, dep + 1);
      const next = { cluster: "busy", service, deploymentId: `ecs-svc/${1001 + dep}`, time };
      push(deploymentStateChange({ ...next, eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS" }), "deployment");
      push(
        deploymentStateChange({
          ...next,
          eventName: "SERVICE_DEPLOYMENT_COMPLETED",
          time: new Date(start + t * 1000 + 500).toISOString(),
        }),
        "deployment",
      );
    } else if (r < 0.07) {
      push(serviceAction({ cluster: "busy", service, eventName: "SERVICE_STEADY_STATE", time }), "service-action");
    } else if (r < 0.1 && events.length > 0) {
      const i = Math.floor(rand() * events.length);
      push(events[i], kinds[i]!);
    } else {
      task += 1;
      const taskId = `task-${task}`;
      push(taskStateChange({ ...base, taskId, version: 2, lastStatus: "RUNNING" }), "task");
      const stop = rand() < 0.1 ? stops.crash(1) : stops.scaleIn(deploymentId);
      push(taskStateChange({ ...base, taskId, version: 5, lastStatus: "STOPPED", stop }), "task");
    }
  }
  return { events: events.slice(0, count), kinds: kinds.slice(0, count) };
}
