/// <reference path="../../../.sst/platform/config.d.ts" />
import { InvalidConfigError } from "@ecs-guardrails/core/errors";
import { createGuardrails, guardrailsOptionsFromFile } from "./guardrails.ts";
import { createMemberStage } from "./member-stage.ts";
import { organizationFromEnv } from "./organization-options.ts";

// What a stage deploys, from the deploy's environment (docs/organizations.md):
//   GUARDRAILS_ROLE unset or "guardrails": the guardrails, a hub when GUARDRAILS_ORGANIZATION_ID is set;
//   GUARDRAILS_ROLE=member: one member account's forwarding rules and role, nothing else.

type Env = Readonly<Record<string, string | undefined>>;

export function createStage(env: Env) {
  const role = env["GUARDRAILS_ROLE"] ?? "guardrails";
  if (role === "member") return createMemberStage(env);
  if (role !== "guardrails") {
    throw new InvalidConfigError(`GUARDRAILS_ROLE must be "guardrails" or "member" (got "${role}")`);
  }
  return createGuardrails({ ...guardrailsOptionsFromFile(env["GUARDRAILS_CONFIG_FILE"]), ...organizationFromEnv(env) });
}
