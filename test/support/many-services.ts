import type { ServiceRef } from "../../packages/core/src/events/model.ts";
import type { ServiceChange, ServiceGateway, ServiceLister } from "../../packages/core/src/engine/ports.ts";
import type { ServiceDescription } from "../../packages/core/src/model/description.ts";
import { serviceDescription } from "./snapshots.ts";

// ECS as the engine's ServiceGateway, holding many services in memory, with per-service
// faults: a describe that throws (throttled, access denied) or a service that was deleted.

const key = (r: ServiceRef) => `${r.cluster}/${r.service}`;

export function manyServices(names: string[], patch: Partial<ServiceDescription> = {}) {
  const services = new Map<string, ServiceDescription>();
  for (const name of names) {
    const ref = { cluster: "prod", service: name };
    services.set(
      key(ref),
      serviceDescription({ ...ref, serviceArn: `arn:aws:ecs:us-east-1:111122223333:service/prod/${name}`, ...patch }),
    );
  }
  const failing = new Map<string, Error>();
  const updates: (ServiceRef & ServiceChange)[] = [];
  const calls = { describe: 0, list: 0, update: 0 };
  const gateway: ServiceGateway & ServiceLister = {
    async listServices() {
      calls.list += 1;
      return [...services.values()].filter((s) => !failing.has(key(s)));
    },
    async describeService(ref) {
      calls.describe += 1;
      const error = failing.get(key(ref));
      if (error) throw error;
      return services.get(key(ref));
    },
    async updateService(ref, change) {
      calls.update += 1;
      const s = services.get(key(ref))!;
      updates.push({ ...ref, ...change });
      if (change.capacityProviderStrategy) s.capacityProviderStrategy = change.capacityProviderStrategy;
      return { deploymentId: `ecs-svc/${9000 + updates.length}` };
    },
  };
  return {
    gateway,
    updates,
    calls,
    fail: (name: string, error: Error) => failing.set(`prod/${name}`, error),
    heal: (name: string) => failing.delete(`prod/${name}`),
    remove: (name: string) => services.delete(`prod/${name}`),
  };
}
