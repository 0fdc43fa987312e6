import { ECSClient } from "@aws-sdk/client-ecs";
import { STSClient } from "@aws-sdk/client-sts";
import { memberCredentials } from "@ecs-guardrails/aws/accounts/member-credentials";
import { EcsDeploymentResolver } from "@ecs-guardrails/aws/ecs/deployment-resolver";
import { EcsServiceDeployments } from "@ecs-guardrails/aws/ecs/service-deployments";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import type { MemberPorts } from "@ecs-guardrails/core/engine/process-event";
import { type Home, type Place, serviceKey } from "@ecs-guardrails/core/model/service-ref";
import type { Base, ClientSettings } from "./base.ts";
import { requireEnv } from "./env.ts";

// A hub's functions act in a member account as the member's role (docs/organizations.md). Their
// home is the account and Region of their own topic (TOPIC_ARN, created by the same stack in
// the same account and Region): known at cold start with no call to STS, unlike
// GetCallerIdentity, and without the Lambda context, which the deps are built before.
// Without organization members nothing here is built: no home, no STS client, no member ports,
// so a single-account install decides on every event as before.

export type MemberWiring = { home?: Home; forPlace?: (place: Place) => Promise<MemberPorts> };
/** What a function adds to a member's ports over the member's client settings (the reconcile: Application Auto Scaling). */
export type MemberExtras = (settings: ClientSettings, ecs: ECSClient) => Partial<MemberPorts>;

/** arn:partition:sns:region:account:name → the account, Region and partition the functions run in. */
export function homeOf(env: NodeJS.ProcessEnv): Home & { partition: string } {
  const [, partition, , region, account] = requireEnv("TOPIC_ARN", env).split(":");
  if (!partition || !region || !account) throw new Error("TOPIC_ARN is not an SNS topic ARN");
  return { account, region, partition };
}

export function memberWiring(b: Base, env: NodeJS.ProcessEnv, extras: MemberExtras = () => ({})): MemberWiring {
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
  const ports = new Map<string, MemberPorts>();
  const forPlace = async (place: Place): Promise<MemberPorts> => {
    const key = serviceKey({ cluster: "", service: "", ...place });
    const found = ports.get(key);
    if (found) return found;
    const settings = { ...b.clients("ecs"), region: place.region, credentials: credentialsOf(place.account) };
    const ecs = new ECSClient(settings);
    const built: MemberPorts = {
      ecs: new EcsServiceGateway(ecs),
      deployments: new EcsDeploymentResolver(ecs),
      serviceDeployments: new EcsServiceDeployments(ecs),
      ...extras(settings, ecs),
    };
    ports.set(key, built);
    return built;
  };
  return { home, forPlace };
}
