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
import { readRuntimeNote } from "./runtime-file.ts";
import { knownServices } from "./known-services.ts";

type ScheduleFlags = { cluster?: string; service?: string; at?: string; days: number; json?: boolean; config?: string };

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
  out.line(flags.json ? formatPreviewJson(previews, from, flags.days) : formatPreviewText(previews, from, flags.days));
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
    return [{ ref: { cluster: flags.cluster, service: flags.service }, tags: {} }];
  }
  const client = new ECSClient({
    endpoint: note.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 2,
  });
  try {
    const listed = await new EcsServiceGateway(client).listServices(
      flags.cluster ? [flags.cluster] : config.scope.clusters,
    );
    const matched = listed.filter((s) => !flags.service || globMatch(flags.service, s.service));
    // A --service matching nothing is likely a typo: an empty preview would hide it.
    if (flags.service && matched.length === 0)
      throw new GuardrailsError(
        `no service matches --service ${flags.service}${flags.cluster ? ` in cluster ${flags.cluster}` : ""} (${knownServices(listed.map((s) => `${s.cluster}/${s.service}`))})`,
      );
    return matched.map((s) => ({ ref: { cluster: s.cluster, service: s.service }, tags: s.tags }));
  } finally {
    client.destroy();
  }
}
