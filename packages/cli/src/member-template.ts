import { parseConfig } from "@ecs-guardrails/core/config/load";
import { memberTemplate } from "@ecs-guardrails/core/organization/member-template";
import type { CommandRun } from "./command.ts";
import { configSource, optionalConfig } from "./config-file.ts";

type Flags = {
  hubAccount?: string;
  hubRegion?: string;
  org?: string;
  hubRoleArns?: string[];
  memberRoleName?: string;
  config?: string;
};

/** Runs `guardrails member-template`: commands/member-template.ts declares it, and imports this module when it runs. */
export const run: CommandRun = async (_args, options, { out }) => {
  const flags = options as Flags;
  const config = parseConfig(optionalConfig(flags.config), configSource(flags.config));
  const clusters = config.scope.clusters.includes("*") ? [] : config.scope.clusters;
  const template = memberTemplate({
    ...(flags.hubAccount ? { hubAccountId: flags.hubAccount } : {}),
    ...(flags.hubRegion ? { hubRegion: flags.hubRegion } : {}),
    ...(flags.org ? { organizationId: flags.org } : {}),
    ...(flags.hubRoleArns ? { hubRoleArns: flags.hubRoleArns } : {}),
    ...(flags.memberRoleName ? { memberRoleName: flags.memberRoleName } : {}),
    clusters,
  });
  out.line(JSON.stringify(template, null, 2));
  return 0;
};
