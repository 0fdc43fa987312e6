import { ECSClient } from "@aws-sdk/client-ecs";
import { STSClient } from "@aws-sdk/client-sts";
import { memberCredentials } from "@ecs-guardrails/aws/accounts/member-credentials";
import { type Home, type Place, serviceKey } from "@ecs-guardrails/core/model/service-ref";
import type { AwsService, Base, ClientSettings } from "./base.ts";
import { requireEnv } from "./env.ts";

// A hub's functions act in a member account as the member's role (docs/organizations.md). Their
// home is the account and Region of their own topic (TOPIC_ARN, created by the same stack in
// the same account and Region): known at cold start with no call to STS, unlike
// GetCallerIdentity, and without the Lambda context, which the deps are built before.
// Without organization members nothing here is built: no home, no STS client, no member ports,
// so a single-account install decides on every event as before.

export type MemberWiring<P> = { home?: Home; forPlace?: (place: Place) => Promise<P> };
/**
 * A member's ports over its client settings and ECS client, built by each function with the
 * adapters it uses (the ingest never lists services, the reconcile resolves no deployment event),
 * so neither bundle holds the other's.
 */
export type MemberPortsOf<P> = (
  settings: ClientSettings,
  ecs: ECSClient,
  /** Another service's client settings in the member's account and Region, as its role. */
  settingsOf: (service: AwsService) => ClientSettings,
) => P;

/** arn:partition:sns:region:account:name → the account, Region and partition the functions run in. */
export function homeOf(env: NodeJS.ProcessEnv): Home & { partition: string } {
  const [, partition, , region, account] = requireEnv("TOPIC_ARN", env).split(":");
  if (!partition || !region || !account) throw new Error("TOPIC_ARN is not an SNS topic ARN");
  return { account, region, partition };
}

export function memberWiring<P>(b: Base, env: NodeJS.ProcessEnv, portsOf: MemberPortsOf<P>): MemberWiring<P> {
  const organization = b.config.organization;
  if (!organization || organization.members.length === 0) return {};
  const { partition, ...home } = homeOf(env);
  const credentialsOf = memberCredentials({
    sts: new STSClient(b.clients("sts")),
    roleName: organization.memberRoleName,
    partition,
  });
  // One set of clients per account and Region, for the container's life: the credentials
  // inside refresh themselves before they expire.
  const ports = new Map<string, P>();
  const forPlace = async (place: Place): Promise<P> => {
    const key = serviceKey({ cluster: "", service: "", ...place });
    const found = ports.get(key);
    if (found) return found;
    const credentials = credentialsOf(place.account);
    const settingsOf = (service: AwsService) => ({ ...b.clients(service), region: place.region, credentials });
    const settings = settingsOf("ecs");
    const built = portsOf(settings, new ECSClient(settings), settingsOf);
    ports.set(key, built);
    return built;
  };
  return { home, forPlace };
}
