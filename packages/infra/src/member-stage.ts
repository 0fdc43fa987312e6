/// <reference path="../../../.sst/platform/config.d.ts" />
import { InvalidConfigError } from "@ecs-guardrails/core/errors";
import { memberTemplate } from "@ecs-guardrails/core/organization/member-template";
import {
  checkAccountId,
  checkOrganizationId,
  checkRegion,
  checkRoleArn,
  DEFAULT_MEMBER_ROLE_NAME,
} from "@ecs-guardrails/core/organization/options";
import { list } from "./organization-options.ts";

// A member account, one at a time, as an SST stage (`GUARDRAILS_ROLE=member`): the very template
// a StackSet deploys, as one CloudFormation stack, so the two ways cannot drift apart.

type Env = Readonly<Record<string, string | undefined>>;

export type MemberStageParameters = {
  readonly HubAccountId: string;
  readonly HubRegion: string;
  readonly OrganizationId: string;
  readonly HubRoleArns: string;
  readonly MemberRoleName: string;
  readonly RoleRegion?: string;
};

/** The template's parameters from the deploy's environment, each checked, one line when wrong. */
export function memberParametersFromEnv(env: Env): MemberStageParameters {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new InvalidConfigError(`GUARDRAILS_ROLE=member needs ${name} (docs/organizations.md)`);
    return value;
  };
  const roleArns = list(required("GUARDRAILS_HUB_ROLE_ARNS"));
  roleArns.forEach((arn, i) => checkRoleArn(arn, `GUARDRAILS_HUB_ROLE_ARNS.${i}`));
  const roleRegion = env["GUARDRAILS_MEMBER_ROLE_REGION"];
  return {
    HubAccountId: checkAccountId(required("GUARDRAILS_HUB_ACCOUNT"), "GUARDRAILS_HUB_ACCOUNT"),
    HubRegion: checkRegion(required("GUARDRAILS_HUB_REGION"), "GUARDRAILS_HUB_REGION"),
    OrganizationId: checkOrganizationId(required("GUARDRAILS_ORGANIZATION_ID"), "GUARDRAILS_ORGANIZATION_ID"),
    HubRoleArns: roleArns.join(","),
    MemberRoleName: env["GUARDRAILS_MEMBER_ROLE_NAME"] || DEFAULT_MEMBER_ROLE_NAME,
    ...(roleRegion ? { RoleRegion: checkRegion(roleRegion, "GUARDRAILS_MEMBER_ROLE_REGION") } : {}),
  };
}

export function createMemberStage(env: Env) {
  const parameters = memberParametersFromEnv(env);
  const stack = new aws.cloudformation.Stack("Member", {
    name: `${$app.name}-${$app.stage}-member`,
    templateBody: JSON.stringify(memberTemplate()),
    // The account's role is created in this stage's Region unless another Region already holds it.
    parameters: { ...parameters, RoleRegion: parameters.RoleRegion ?? aws.getRegionOutput({}).region },
    capabilities: ["CAPABILITY_NAMED_IAM"],
  });
  return { memberStackId: stack.id, memberRoleArn: stack.outputs.apply((outputs) => outputs["MemberRoleArn"]) };
}
