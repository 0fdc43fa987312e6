import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { OrganizationsParents } from "@ecs-guardrails/aws/organizations/parents";
import { namesOrganizationalUnits } from "@ecs-guardrails/core/config/ou-scopes";
import type { Ledger } from "@ecs-guardrails/core/engine/ledger";
import type { Clock } from "@ecs-guardrails/core/engine/ports";
import type { Notifier } from "@ecs-guardrails/core/notifications/notice";
import { configByAccount, type OuScopes } from "@ecs-guardrails/core/organization/ou-paths";
import type { Base } from "./base.ts";
import { homeOf } from "./members.ts";

// Rules scoped to OUs (docs/organizations.md): the ingest and the reconcile settle the
// configuration for each account with AWS Organizations' ListParents. Without such a rule no
// Organizations client is built and nothing is asked. Organizations answers in its own Region
// (us-east-1 in the aws partition): the SDK's endpoint rules send the call there from any Region.

export function ouWiring(
  b: Base,
  env: NodeJS.ProcessEnv,
  deps: { ledger: Pick<Ledger, "claimOnce">; clock?: Clock | undefined; notifier?: Notifier | undefined },
): { ouScopes?: OuScopes } {
  if (!namesOrganizationalUnits(b.config)) return {};
  const parents = new OrganizationsParents(new OrganizationsClient(b.clients("organizations")));
  const clock = deps.clock ?? b.clock;
  const notifier = deps.notifier ?? b.notifier;
  return {
    ouScopes: configByAccount(b.config, { parents, clock, ledger: deps.ledger, notifier }, homeOf(env).account),
  };
}
