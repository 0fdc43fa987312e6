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
import { ofAccount, placeFields, placeLabel } from "./accounts.ts";
import { type CommandRun, UsageError } from "./command.ts";
import type { AccountFilter } from "./history-filters.ts";
import { knownServices } from "./known-services.ts";
import { table, type Out } from "./output.ts";
import { readRuntimeNote } from "./runtime-file.ts";
import { type TableFlags, withTable } from "./table.ts";

type RecommendFlags = {
  account?: AccountFilter;
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
  // Every account's recommendations in one read (one item per service), then narrowed here: a
  // member's keys lead with its account and Region, so a cluster's are not one key range.
  const all = ofAccount(await withStore(flags, env, (store) => store.list({})), flags.account, refOf);
  const found = all.filter(
    (s) =>
      (!flags.cluster || s.recommendation.ref.cluster === flags.cluster) &&
      (!flags.service || s.recommendation.ref.service === flags.service),
  );
  const members = all.some((s) => s.recommendation.ref.account);
  // A service it has nothing for may be a typo: name the ones it knows.
  const known = found.length === 0 && flags.service ? all.map((s) => nameOf(s, members)) : [];
  found.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  if (flags.taskDefinitionOut) return writeTaskDefinition(found[0], flags, out);
  if (flags.json)
    found.forEach((s) =>
      out.json({
        ...placeFields(s.recommendation.ref),
        ...s.recommendation,
        at: s.at,
        announcedAt: s.announcedAt,
        change: s.change,
      }),
    );
  else if (found.length === 0)
    out.line(
      `No recommendations${scopeText(flags)}: the right-sizing run has not looked at ${flags.service ? `this service yet (${knownServices(known)})` : "these services yet"}.`,
    );
  else if (flags.cluster && flags.service)
    out.line(
      found
        .map((s) =>
          [
            ...(members ? [placeLabel(s.recommendation.ref)] : []),
            ...explainLines(s.recommendation),
            `computed ${s.at}; advice unchanged since ${s.announcedAt}`,
          ].join("\n"),
        )
        .join("\n\n"),
    );
  else
    out.line(
      table(
        found.map((s) => ({ ...(members ? { account: placeLabel(s.recommendation.ref) } : {}), ...row(s) })),
        [...(members ? ["account"] : []), "service", "status", "now", "recommended", "cost", "risk", "why this size"],
      ),
    );
  return 0;
}

const refOf = (s: StoredRecommendation) => s.recommendation.ref;
/** Home's first, then each member's, each by cluster and service. */
const sortKey = (s: StoredRecommendation) =>
  `${s.recommendation.ref.account ? placeLabel(s.recommendation.ref) : ""}#${serviceName(s.recommendation)}`;
/** "prod/web", or behind a hub "444455556666/eu-west-1 prod/web" for a member's. */
const nameOf = (s: StoredRecommendation, members: boolean) =>
  members && s.recommendation.ref.account
    ? `${placeLabel(s.recommendation.ref)} ${serviceName(s.recommendation)}`
    : serviceName(s.recommendation);

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
  // ECS is read as the CLI's own credentials: a member's task definition is in the member's account.
  if (r.ref.account)
    throw new GuardrailsError(
      `${placeLabel(r.ref)} ${serviceName(r)} is a member account's service: --task-definition-out reads the home account's ECS only`,
    );
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
