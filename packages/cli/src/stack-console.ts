import type { Service } from "@aws-sdk/client-ecs";
import { toDescription } from "@ecs-guardrails/aws/ecs/service-gateway";
import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import { ecsBreaker as breakerOf } from "@ecs-guardrails/core/model/circuit-breaker";
import type { Out } from "./output.ts";
import { LOCAL_TABLE, type LocalStack } from "./runtime/stack.ts";
import { EcsApiError } from "@ecs-guardrails/sim/errors";
import type { ConsoleServer } from "@ecs-guardrails/console/server";

export type { ConsoleServer };

/**
 * `npm start`'s console: the stack's own DynamoDB Local table, in simulated time (the demo's
 * clock). Loaded on use, so that other commands do not pay for loading the charting library.
 */
export async function startStackConsole(
  stack: LocalStack,
  config: GuardrailsConfig,
  port: number | undefined,
  out: Out,
): Promise<ConsoleServer> {
  const [{ startConsoleServer }, { tableSources }, { DynamoConsoleStore }] = await Promise.all([
    import("@ecs-guardrails/console/server"),
    import("@ecs-guardrails/console/sources"),
    import("@ecs-guardrails/console/store"),
  ]);
  const { tags, ecsBreaker, ecsService } = simSources(stack);
  return startConsoleServer(
    {
      store: new DynamoConsoleStore(stack.dynamo.client, LOCAL_TABLE),
      sources: tableSources(config, stack.dynamo.client, LOCAL_TABLE, { tags, ecsBreaker, ecsService }),
      config,
      now: () => new Date(stack.clock.now()),
    },
    { ...(port !== undefined ? { port } : {}), onError: (e) => out.error(`console: ${e.message}`) },
  );
}

/** What the simulated ECS tells the console: tags, circuit breaker, the service now (or gone). */
export function simSources(stack: LocalStack) {
  const describe = (ref: { cluster: string; service: string }) => {
    try {
      return stack.sim.describeServices({ cluster: ref.cluster, services: [ref.service], include: ["TAGS"] });
    } catch (error) {
      // A cluster this run's simulator does not have (a typed URL, an earlier run's history): nothing known.
      if (error instanceof EcsApiError) return undefined;
      throw error;
    }
  };
  // The simulated services' tags pick schedules and modes, as ECS's do in AWS.
  const tags = async (ref: { cluster: string; service: string }) => tagsOf(describe(ref));
  // ECS's circuit breaker as the simulated service configures it, beside the guardrails' threshold.
  const ecsBreaker = async (ref: { cluster: string; service: string }) => {
    const service = (describe(ref) as { services?: Service[] } | undefined)?.services?.[0];
    return service ? breakerOf(toDescription(ref, service)) : undefined;
  };
  // The overview's "ECS now": counts, capacity, or gone (ECS answers a failure for a deleted service).
  const ecsService = async (ref: { cluster: string; service: string }) => {
    const out = describe(ref) as { services?: Service[] } | undefined;
    if (!out) return undefined;
    const service = out.services?.[0];
    return service ? toDescription(ref, service) : ("missing" as const);
  };
  return { tags, ecsBreaker, ecsService };
}

function tagsOf(out: unknown): Record<string, string> {
  const tags =
    (out as { services?: { tags?: { key?: string; value?: string }[] }[] } | undefined)?.services?.[0]?.tags ?? [];
  return Object.fromEntries(tags.filter((t) => t.key).map((t) => [t.key!, t.value ?? ""]));
}
