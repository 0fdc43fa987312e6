import { createHash } from "node:crypto";

// Deterministic identifiers: the same seed gives the same deployment and task ids, so a replayed
// scenario produces the same events (and the same envelope ids) every time.

export class IdSource {
  readonly #seed: string;
  #counter = 0;
  /** Its own sequence: ids added later do not shift the deployment, task and event ids of existing scenarios. */
  #resourceCounter = 0;

  constructor(seed = "ecs-guardrails") {
    this.#seed = seed;
  }

  #digest(kind: string): string {
    return createHash("sha256")
      .update(`${this.#seed}/${kind}/${this.#counter++}`)
      .digest("hex");
  }

  /** "ecs-svc/" and 19 digits, like the deployment ids ECS puts in startedBy. */
  deploymentId(): string {
    const n = BigInt(`0x${this.#digest("deployment").slice(0, 16)}`) % 9_000_000_000_000_000_000n;
    return `ecs-svc/${(n + 1_000_000_000_000_000_000n).toString()}`;
  }

  /** 32 hex characters, like a new-format task id. */
  taskId(): string {
    return this.#digest("task").slice(0, 32);
  }

  /** A service deployment's id: 22 letters, digits, "-" and "_", like the ids in ECS's service-deployment ARNs. */
  serviceDeploymentId(): string {
    return Buffer.from(this.#resourceDigest("service-deployment"), "hex").toString("base64url").slice(0, 22);
  }

  /** A service revision's id: 19 digits, like ECS's; its own number, never an ecs-svc deployment's. */
  serviceRevisionId(): string {
    const n = BigInt(`0x${this.#resourceDigest("service-revision").slice(0, 16)}`) % 9_000_000_000_000_000_000n;
    return (n + 1_000_000_000_000_000_000n).toString();
  }

  /** A pause hook's id: "ecs-pause-" and 43 letters, digits, "-" and "_", like ECS's. */
  pauseHookId(): string {
    return `ecs-pause-${Buffer.from(this.#resourceDigest("hook"), "hex").toString("base64url").slice(0, 43)}`;
  }

  #resourceDigest(kind: string): string {
    return createHash("sha256")
      .update(`${this.#seed}/${kind}/${this.#resourceCounter++}`)
      .digest("hex");
  }

  uuid(): string {
    const h = this.#digest("uuid");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
