import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";

// The hub acts in a member account as the member's role: STS AssumeRole, once per account,
// kept until shortly before it expires. The SDK's own fromTemporaryCredentials
// (@aws-sdk/credential-providers) is not a dependency of this project; STS's AssumeRole from
// the SDK's nested STS client does the same call without one (docs/design/accounts.md).
// Credentials are never logged: errors carry the role ARN and AWS's message only.

export type Credentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
};
export type CredentialProvider = () => Promise<Credentials>;

/** Refreshed this long before they expire, so a call never starts with keys about to lapse. */
const REFRESH_BEFORE_MS = 5 * 60_000;

export type MemberCredentialsOptions = {
  sts: Pick<STSClient, "send">;
  /** The member role's name (config `organization.memberRoleName`), the same in every member. */
  roleName: string;
  partition?: string;
  sessionName?: string;
  durationSeconds?: number;
  now?: () => number;
};

export const memberRoleArn = (account: string, roleName: string, partition = "aws") =>
  `arn:${partition}:iam::${account}:role/${roleName}`;

/** One credential provider per member account, cached: each account assumes its role once per hour. */
export function memberCredentials(options: MemberCredentialsOptions): (account: string) => CredentialProvider {
  const now = options.now ?? Date.now;
  const providers = new Map<string, CredentialProvider>();
  return (account) => {
    const found = providers.get(account);
    if (found) return found;
    let cached: Promise<Credentials> | undefined;
    const provider: CredentialProvider = async () => {
      const held = cached && (await cached.catch(() => undefined));
      if (held?.expiration && held.expiration.getTime() - REFRESH_BEFORE_MS > now()) return held;
      // A failure is not kept: the next call (the next tick) asks STS again.
      cached = assume(options, account).catch((error: unknown) => {
        cached = undefined;
        throw error;
      });
      return cached;
    };
    providers.set(account, provider);
    return provider;
  };
}

async function assume(options: MemberCredentialsOptions, account: string): Promise<Credentials> {
  const out = await options.sts.send(
    new AssumeRoleCommand({
      RoleArn: memberRoleArn(account, options.roleName, options.partition),
      RoleSessionName: options.sessionName ?? "ecs-guardrails",
      DurationSeconds: options.durationSeconds ?? 3600,
    }),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey)
    throw new Error(`STS AssumeRole into account ${account} returned no credentials`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
  };
}
