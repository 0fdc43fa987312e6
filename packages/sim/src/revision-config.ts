import { invalidParameter } from "./errors.ts";

// The parts of a service revision the simulator records without acting on them (load balancers,
// service registries, network, Service Connect, volumes, platform version), read from a
// CreateService or UpdateService request. ECS starts a new deployment when UpdateService
// changes any of them.

/**
 * The parts of a service revision the simulator keeps but does not act on: taken from
 * CreateService/UpdateService as given, so a revision (and a rollback to it) carries all of them.
 */
export type RevisionConfig = {
  platformVersion: string | undefined;
  loadBalancers: unknown[];
  serviceRegistries: unknown[];
  networkConfiguration: unknown;
  serviceConnectConfiguration: unknown;
  volumeConfigurations: unknown[];
};

export const EMPTY_REVISION_CONFIG: RevisionConfig = {
  platformVersion: undefined,
  loadBalancers: [],
  serviceRegistries: [],
  networkConfiguration: undefined,
  serviceConnectConfiguration: undefined,
  volumeConfigurations: [],
};

export type RevisionConfigInput = {
  platformVersion?: string;
  loadBalancers?: unknown[];
  serviceRegistries?: unknown[];
  networkConfiguration?: unknown;
  serviceConnectConfiguration?: unknown;
  volumeConfigurations?: unknown[];
};

const LISTS = ["loadBalancers", "serviceRegistries", "volumeConfigurations"] as const;
const OBJECTS = ["networkConfiguration", "serviceConnectConfiguration"] as const;

/** `change` over `current`; undefined when the request names none of the parts. */
export function changedRevisionConfig(
  current: RevisionConfig,
  change: RevisionConfigInput,
): RevisionConfig | undefined {
  const named = [...LISTS, ...OBJECTS, "platformVersion"].filter(
    (k) => change[k as keyof RevisionConfigInput] !== undefined,
  );
  if (named.length === 0) return undefined;
  for (const key of LISTS)
    if (change[key] !== undefined && !Array.isArray(change[key])) throw invalidParameter(`${key} must be a list.`);
  for (const key of OBJECTS) {
    const v = change[key];
    if (v !== undefined && (typeof v !== "object" || v === null || Array.isArray(v)))
      throw invalidParameter(`${key} must be an object.`);
  }
  if (change.platformVersion !== undefined && typeof change.platformVersion !== "string")
    throw invalidParameter("platformVersion must be a string.");
  const next: RevisionConfig = structuredClone(current);
  if (change.platformVersion !== undefined) next.platformVersion = change.platformVersion;
  for (const key of LISTS) if (change[key] !== undefined) next[key] = structuredClone(change[key]);
  for (const key of OBJECTS) if (change[key] !== undefined) next[key] = structuredClone(change[key]);
  return JSON.stringify(next) === JSON.stringify(current) ? undefined : next;
}
