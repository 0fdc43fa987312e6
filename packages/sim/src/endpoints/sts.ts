import { randomBytes } from "node:crypto";
import type { Reply } from "./protocol.ts";

// STS over the query protocol, for several simulated accounts: AssumeRole answers temporary
// keys whose access key id names the target account ("ASIASIM" + its 12 digits), and every
// other local endpoint reads the account from the access key id of the request's signature.
// Any other access key (the usual "test"/"local" keys) is the home account. A role that the
// member does not hold answers AccessDenied, as AWS does when the role is missing or its trust
// policy refuses the caller.

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";
const MEMBER_KEY = /^A[SK]IASIM(\d{12})$/;
const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/([\w+=,.@/-]{1,512})$/;

/** The access key id a member account's temporary keys carry. */
export const memberAccessKey = (account: string) => `ASIASIM${account}`;

/** The account a request was signed for: from its SigV4 Authorization header's access key id, else home. */
export function accountOfRequest(authorization: string | undefined, home: string): string {
  const key = /Credential=([^/]+)\//.exec(authorization ?? "")?.[1];
  return MEMBER_KEY.exec(key ?? "")?.[1] ?? home;
}

export type StsOptions = {
  home: string;
  now: () => number;
  /** The role ARNs that exist, per account: AssumeRole into any other answers AccessDenied. */
  roles: () => ReadonlySet<string>;
};

export function isStsAction(body: string): boolean {
  const action = new URLSearchParams(body).get("Action");
  return action === "AssumeRole" || action === "GetCallerIdentity";
}

/** Answers one STS query request from `caller` (the account its keys name). */
export function handleSts(body: string, caller: string, options: StsOptions): Reply {
  const form = new URLSearchParams(body);
  const action = form.get("Action");
  if (action === "GetCallerIdentity")
    return ok(
      action,
      `<Arn>arn:aws:sts::${caller}:assumed-role/local/sim</Arn><UserId>SIM:${caller}</UserId><Account>${caller}</Account>`,
    );
  const roleArn = form.get("RoleArn") ?? "";
  const session = form.get("RoleSessionName") ?? "";
  const seconds = Number(form.get("DurationSeconds") ?? "3600");
  const role = ROLE_ARN.exec(roleArn);
  if (!role || session.length < 2 || session.length > 64)
    return error(400, "ValidationError", `invalid RoleArn or RoleSessionName`);
  if (!options.roles().has(roleArn))
    return error(
      403,
      "AccessDenied",
      `User: arn:aws:sts::${caller}:assumed-role/local/sim is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  const expiration = new Date(options.now() + seconds * 1000).toISOString();
  return ok(
    "AssumeRole",
    `<Credentials><AccessKeyId>${memberAccessKey(role[1]!)}</AccessKeyId>` +
      `<SecretAccessKey>${randomBytes(20).toString("hex")}</SecretAccessKey>` +
      `<SessionToken>${randomBytes(32).toString("base64")}</SessionToken>` +
      `<Expiration>${expiration}</Expiration></Credentials>` +
      `<AssumedRoleUser><AssumedRoleId>AROASIM${role[1]}:${session}</AssumedRoleId>` +
      `<Arn>arn:aws:sts::${role[1]}:assumed-role/${role[2]}/${session}</Arn></AssumedRoleUser>`,
  );
}

function ok(action: string, result: string): Reply {
  return xml(
    200,
    `<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result>` +
      `<ResponseMetadata><RequestId>${randomBytes(16).toString("hex")}</RequestId></ResponseMetadata></${action}Response>`,
  );
}

function error(status: number, code: string, message: string): Reply {
  return xml(
    status,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
      `<RequestId>${randomBytes(16).toString("hex")}</RequestId></ErrorResponse>`,
  );
}

function xml(status: number, body: string): Reply {
  return { status, contentType: "text/xml", body };
}
