import type { Fault, SpotOutage } from "./types.ts";

// What goes wrong, and when: faults per task-definition revision or per service, and windows
// without Fargate Spot capacity. A task's fault is decided once, when it is launched, so
// changing a fault affects new tasks only, like fixing an image affects new pulls only.

export class FaultRegistry {
  readonly #byTaskDefinition = new Map<string, Fault>();
  readonly #byService = new Map<string, Fault>();
  readonly #outages: SpotOutage[] = [];

  /** `taskDefinitionArn` must be a full ARN; the API layer resolves "family:revision". */
  setForTaskDefinition(taskDefinitionArn: string, fault: Fault | undefined): void {
    set(this.#byTaskDefinition, taskDefinitionArn, fault);
  }

  setForService(serviceArn: string, fault: Fault | undefined): void {
    set(this.#byService, serviceArn, fault);
  }

  /** A broken revision is the more specific cause, so it wins over a service-wide fault. */
  faultFor(serviceArn: string, taskDefinitionArn: string): Fault | undefined {
    return this.#byTaskDefinition.get(taskDefinitionArn) ?? this.#byService.get(serviceArn);
  }

  addSpotOutage(outage: SpotOutage): void {
    if (!(outage.end > outage.start)) throw new RangeError("a Spot outage must end after it starts");
    this.#outages.push(outage);
  }

  spotAvailable(at: number): boolean {
    return !this.#outages.some((o) => at >= o.start && at < o.end);
  }

  /** Outage boundaries after `at`: moments when the scheduler should look again. */
  spotOutageEndsAfter(at: number): number[] {
    return this.#outages.filter((o) => o.end > at).map((o) => o.end);
  }
}

function set(map: Map<string, Fault>, key: string, fault: Fault | undefined): void {
  if (fault) map.set(key, fault);
  else map.delete(key);
}
