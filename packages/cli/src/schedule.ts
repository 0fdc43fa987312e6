import { ECSClient } from "@aws-sdk/client-ecs";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { globMatch } from "@ecs-guardrails/core/config/glob";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { inScope, resolveSettings } from "@ecs-guardrails/core/config/resolve";
import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "@ecs-guardrails/sim/dynamodb/embedded";
import {
  formatPreviewJson,
  formatPreviewText,
  type ServicePreview,
} from "@ecs-guardrails/core/capabilities/scheduled-scaling/preview-format";
import { previewService } from "@ecs-guardrails/core/capabilities/scheduled-scaling/service-preview";
import type { ScheduledScalingSettings } from "@ecs-guardrails/core/capabilities/scheduled-scaling/settings";
import type { CommandRun } from "./command.ts";
import { optionalConfig } from "./config-file.ts";
import type { Out } from "./output.ts";
import { readRuntimeNote, type RuntimeNote } from "./runtime-file.ts";
import { knownServices } from "./known-services.ts";
import { STSClient } from "@aws-sdk/client-sts";
import { memberCredentials } from "@ecs-guardrails/aws/accounts/member-credentials";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import { placeOf } from "@ecs-guardrails/core/model/service-ref";
import { ofAccount, placeFields } from "./accounts.ts";
import type { AccountFilter } from "./history-filters.ts";

type ScheduleFlags = {
  account?: AccountFilter;
  cluster?: string;
  service?: string;
  at?: string;
  days: number;
  json?: boolean;
  config?: string;
};

/** Runs `guardrails schedule`: commands/schedule.ts declares it, and imports this module when it runs. */
export const run: CommandRun = (_args, options, { out }) => showSchedule(options as ScheduleFlags, out);

type Candidate = { ref: ServiceRef; tags: Record<string, string> };

async function showSchedule(flags: ScheduleFlags, out: Out): Promise<number> {
  const config = parseConfig(optionalConfig(flags.config), flags.config ?? "configuration");
  const from = flags.at ? new Date(flags.at) : new Date();
  const candidates = await servicesOf(config, flags);
  const previews = candidates
    .filter((c) => inScope(config, c.ref))
    .flatMap((c) => previewOf(config, c, from, flags.days) ?? []);
  // JSON always names each service's account and Region ("home" for the hub's own).
  const json = () =>
    formatPreviewJson(
      previews.map((p) => ({ ...placeFields(p), ...p })),
      from,
      flags.days,
    );
  out.line(flags.json ? json() : formatPreviewText(previews, from, flags.days));
  return 0;
}

function previewOf(
  config: GuardrailsConfig,
  { ref, tags }: Candidate,
  from: Date,
  days: number,
): ServicePreview | undefined {
  // The mode tag applies as in the reconcile; previewService applies the schedule tag itself
  // (again, harmlessly) to say when it names no schedule.
  const settings = resolveSettings(config, ref, tags).policies["scheduled-scaling"] as ScheduledScalingSettings;
  return previewService(ref, settings, tags, from, days);
}

/** The running local runtime's services (with their tags), else the one service named. */
async function servicesOf(config: GuardrailsConfig, flags: ScheduleFlags): Promise<Candidate[]> {
  const note = readRuntimeNote();
  if (!note) {
    if (!flags.cluster || !flags.service || /[*?]/.test(flags.cluster + flags.service)) {
      throw new GuardrailsError(
        "no local runtime is running (npm start) to list services from: name one service with --cluster and --service (no globs)",
      );
    }
    const place = flags.account?.region ? { account: flags.account.account, region: flags.account.region } : {};
    return [{ ref: { cluster: flags.cluster, service: flags.service, ...place }, tags: {} }];
  }
  const listed = ofAccount(
    await listedServices(note, flags.cluster ? [flags.cluster] : config.scope.clusters),
    flags.account,
    (s) => s,
  );
  const matched = listed.filter((s) => !flags.service || globMatch(flags.service, s.service));
  // A --service matching nothing is likely a typo: an empty preview would hide it.
  if (flags.service && matched.length === 0)
    throw new GuardrailsError(
      `no service matches --service ${flags.service}${flags.cluster ? ` in cluster ${flags.cluster}` : ""} (${knownServices(listed.map((s) => `${s.cluster}/${s.service}`))})`,
    );
  return matched.map((s) => ({ ref: { cluster: s.cluster, service: s.service, ...placeOf(s) }, tags: s.tags }));
}

/**
 * The running runtime's services: home's, then each simulated member's, listed as the member
 * role (STS AssumeRole on the local endpoints), as the hub's functions reach them.
 */
async function listedServices(note: RuntimeNote, clusters: readonly string[]): Promise<ServiceDescription[]> {
  const local = { endpoint: note.endpoint, region: LOCAL_REGION, maxAttempts: 2 };
  const sts = new STSClient({ ...local, credentials: LOCAL_CREDENTIALS });
  const credentialsOf = memberCredentials({ sts, roleName: note.memberRoleName ?? "", partition: "aws" });
  const accounts = [undefined, ...(note.members ?? [])];
  try {
    const lists = await Promise.all(
      accounts.map(async (account) => {
        const client = new ECSClient({ ...local, credentials: account ? credentialsOf(account) : LOCAL_CREDENTIALS });
        try {
          const listed = await new EcsServiceGateway(client).listServices(clusters).catch((error: unknown) => {
            if (!account) throw error;
            // A member whose role is gone: one line naming it, not the SDK's stack.
            throw new GuardrailsError(`cannot list account ${account}'s services as the member role: ${reason(error)}`);
          });
          return account ? listed.map((s) => ({ ...s, account, region: LOCAL_REGION })) : listed;
        } finally {
          client.destroy();
        }
      }),
    );
    return lists.flat();
  } finally {
    sts.destroy();
  }
}

/** The refusal behind an adapter's error (the member role's AssumeRole), else the error itself. */
function reason(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const e = (cause instanceof Error ? cause : error) as Error;
  return `${e.name}: ${e.message}`;
}
