import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import type { LocalStack } from "./runtime/stack.ts";

/**
 * `guardrails replay --html FILE`: the console's pages for the replayed store, as of the
 * replay's end (its last event, or --until), in one file. Loaded on use, so replays without --html never load the
 * charting library.
 */
export async function writeReplayReport(
  replayed: { stack: LocalStack; config: GuardrailsConfig; tableName: string; end: Date },
  file: string,
  inputs: readonly string[],
): Promise<void> {
  const [{ renderReport }, { DynamoConsoleStore }, { defaultSources }, { simSources }] = await Promise.all([
    import("@ecs-guardrails/console/report"),
    import("@ecs-guardrails/console/store"),
    import("@ecs-guardrails/console/sources"),
    import("./stack-console.ts"),
  ]);
  const { stack, config, tableName, end } = replayed;
  const html = await renderReport(
    new DynamoConsoleStore(stack.dynamo.client, tableName),
    config,
    // As of the end of the events, not the stack's clock (each service replays on its own).
    end,
    `Replay of ${inputs.map((f) => basename(f)).join(", ")}`,
    // The simulated ECS as the replay left it: the services' tags (modes), counts and capacity.
    defaultSources(config, simSources(stack)),
  );
  writeFileSync(file, html);
}
