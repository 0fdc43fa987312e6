import { writeFileSync } from "node:fs";
import { ECSClient } from "@aws-sdk/client-ecs";
import { EcsTaskDefinitions, registerInputWithSizes } from "@ecs-guardrails/aws/ecs/task-definitions";
import { DynamoRecommendationStore } from "@ecs-guardrails/aws/history/recommendation-store";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "@ecs-guardrails/sim/dynamodb/embedded";
import { revisionName } from "@ecs-guardrails/core/capabilities/right-sizing/oom";
import type { StoredRecommendation } from "@ecs-guardrails/core/capabilities/right-sizing/ports";
import { monthlyChange } from "@ecs-guardrails/core/capabilities/right-sizing/prices";
import { size } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import {
  boundSentence,
  explainLines,
  riskCell,
  serviceName,
} from "@ecs-guardrails/core/capabilities/right-sizing/texts";
import { type CommandRun, UsageError } from "./command.ts";
import { knownServices } from "./known-services.ts";
import { table, type Out } from "./output.ts";
import { readRuntimeNote } from "./runtime-file.ts";
import { type TableFlags, withTable } from "./table.ts";

type RecommendFlags = {
  cluster?: string;
  service?: string;
  json?: boolean;
  table?: string;
  region?: string;
  taskDefinitionOut?: string;
};

/** Runs `guardrails recommend`: commands/recommend.ts declares it, and imports this module when it runs. */
export const run: CommandRun = (_args, options, { out, env }) => recommendations(options as RecommendFlags, out, env);

async function recommendations(flags: RecommendFlags, out: Out, env: NodeJS.ProcessEnv): Promise<number> {
  if (flags.region && !flags.table) throw new UsageError("--region applies to a deployed table: pass --table NAME too");
  if (flags.taskDefinitionOut && !(flags.cluster && flags.service))
    throw new UsageError(
      "--task-definition-out writes one service's task definition: pass --cluster and --service too",
    );
  const { found, known } = await withStore(flags, env, async (store) => {
    const found = await store.list({ cluster: flags.cluster, service: flags.service });
    // A service it has nothing for may be a typo: name the ones it knows (one more read, only then).
    const known = found.length === 0 && flags.service ? await store.list({}) : [];
    return { found, known: known.map((s) => serviceName(s.recommendation)) };
  });
  found.sort((a, b) => serviceName(a.recommendation).localeCompare(serviceName(b.recommendation)));
  if (flags.taskDefinitionOut) return writeTaskDefinition(found[0], flags, out);
  if (flags.json)
    found.forEach((s) => out.json({ ...s.recommendation, at: s.at, announcedAt: s.announcedAt, change: s.change }));
  else if (found.length === 0)
    out.line(
      `No recommendations${scopeText(flags)}: the right-sizing run has not looked at ${flags.service ? `this service yet (${knownServices(known)})` : "these services yet"}.`,
    );
  else if (flags.cluster && flags.service)
    out.line(
      [
        ...explainLines(found[0]!.recommendation),
        `computed ${found[0]!.at}; advice unchanged since ${found[0]!.announcedAt}`,
      ].join("\n"),
    );
  else out.line(table(found.map(row), ["service", "status", "now", "recommended", "cost", "risk", "why this size"]));
  return 0;
}

function row({ recommendation: r }: StoredRecommendation) {
  return {
    service: serviceName(r),
    status: r.status === "recommend" ? r.finding : r.status,
    now: size(r.current),
    recommended: r.recommended && r.status === "recommend" ? size(r.recommended) : "",
    // In words: a larger size costs more, which a signed "$-6.49" left to the reader.
    cost: r.cost && r.status === "recommend" ? monthlyChange(r.cost.savingsMonthly) : "",
    // The share of datapoints above the recommended size (docs/capabilities/right-sizing.md: risk).
    risk: r.status === "recommend" ? riskCell(r) : "",
    "why this size":
      r.status === "insufficient-data" ? r.summary.replace(/^insufficient data: /, "") : boundSentence(r),
  };
}

async function writeTaskDefinition(
  stored: StoredRecommendation | undefined,
  flags: RecommendFlags,
  out: Out,
): Promise<number> {
  const r = stored?.recommendation;
  if (!r) throw new GuardrailsError(`no recommendation for ${flags.cluster}/${flags.service}: nothing to write`);
  if (r.status !== "recommend" || !r.recommended)
    throw new GuardrailsError(`${serviceName(r)} has nothing to change (${r.summary}): no task definition written`);
  const ecs = ecsClient(flags);
  try {
    const described = await new EcsTaskDefinitions(ecs).describeRevision(r.revision);
    if (!described)
      throw new GuardrailsError(
        `ECS does not know ${r.revision} any more: the service has moved on; wait for the next right-sizing run`,
      );
    writeFileSync(flags.taskDefinitionOut!, `${JSON.stringify(registerInputWithSizes(described, r), null, 2)}\n`);
  } finally {
    ecs.destroy();
  }
  out.line(
    `Wrote ${flags.taskDefinitionOut}: ${revisionName(r.revision)} at ${size(r.recommended)} (now ${size(r.current)}). Review it, then: aws ecs register-task-definition --cli-input-json file://${flags.taskDefinitionOut}`,
  );
  return 0;
}

/** ECS as the store's side: the deployed account's, or the running local backend's. */
function ecsClient(flags: RecommendFlags): ECSClient {
  if (flags.table) return new ECSClient(flags.region ? { region: flags.region } : {});
  const running = readRuntimeNote();
  if (!running)
    throw new GuardrailsError(
      "--task-definition-out reads the current task definition from ECS: start the local backend (`npm start`) or pass --table NAME for a deployed one",
    );
  return new ECSClient({ endpoint: running.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

function scopeText(flags: RecommendFlags): string {
  if (flags.cluster && flags.service) return ` for ${flags.cluster}/${flags.service}`;
  if (flags.cluster) return ` in cluster ${flags.cluster}`;
  return flags.service ? ` for services named ${flags.service}` : "";
}

async function withStore<T>(
  flags: TableFlags,
  env: NodeJS.ProcessEnv,
  read: (store: DynamoRecommendationStore) => Promise<T>,
): Promise<T> {
  return withTable(flags, env, (client, tableName) => read(new DynamoRecommendationStore({ client, tableName })));
}
