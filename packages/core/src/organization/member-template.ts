import { type EventPattern, subscriptions } from "../events/patterns.ts";
import { memberRoleStatements } from "./member-role.ts";
import { DEFAULT_MEMBER_ROLE_NAME, HUB_BUS_NAME } from "./options.ts";

// The CloudFormation template a member account runs: rules that forward the events the hub's
// ingest subscribes to (patterns.ts, the one source) to the hub's bus, and the role the hub's
// functions assume. Nothing in it names an account but its parameters, so a service-managed
// StackSet can deploy it unchanged to every account of an organization or OU.

export type MemberTemplateDefaults = {
  readonly hubAccountId?: string;
  readonly hubRegion?: string;
  readonly organizationId?: string;
  readonly hubRoleArns?: readonly string[];
  readonly memberRoleName?: string;
  /** Narrows the role's writes to these clusters (the hub's `scope.clusters`). */
  readonly clusters?: readonly string[];
};

type Parameter = {
  Type: "String" | "CommaDelimitedList";
  Description: string;
  AllowedPattern?: string;
  Default?: string;
};

// CloudFormation's Fn::Sub placeholders, not JavaScript's.
const HUB_BUS_ARN = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
  "Fn::Sub": "arn:${AWS::Partition}:events:${HubRegion}:${HubAccountId}:event-bus/${HubEventBusName}",
};

export function memberTemplate(defaults: MemberTemplateDefaults = {}) {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description:
      "ecs-guardrails member account: forwards ECS and alarm events to the hub's bus and holds the role the hub assumes.",
    Parameters: parameters(defaults),
    // IAM roles are global: of an account's stack instances, only the one in RoleRegion creates the member role.
    Conditions: { CreatesMemberRole: { "Fn::Equals": [{ Ref: "AWS::Region" }, { Ref: "RoleRegion" }] } },
    Resources: {
      ForwardingRole: forwardingRole(),
      ...Object.fromEntries(subscriptions.ingest.map((pattern) => [ruleName(pattern), forwardingRule(pattern)])),
      MemberRole: memberRole(defaults.clusters ?? []),
    },
    Outputs: {
      MemberRoleArn: { Condition: "CreatesMemberRole", Value: { "Fn::GetAtt": ["MemberRole", "Arn"] } },
    },
  };
}

function parameters(d: MemberTemplateDefaults): Record<string, Parameter> {
  const withDefault = (p: Parameter, value: string | undefined): Parameter =>
    value === undefined ? p : { ...p, Default: value };
  return {
    HubAccountId: withDefault(
      { Type: "String", Description: "The hub's account id", AllowedPattern: "^\\d{12}$" },
      d.hubAccountId,
    ),
    HubRegion: withDefault(
      { Type: "String", Description: "The hub's Region", AllowedPattern: "^[a-z]{2}(-[a-z]+)+-\\d+$" },
      d.hubRegion,
    ),
    HubEventBusName: { Type: "String", Description: "The hub's event bus", Default: HUB_BUS_NAME },
    OrganizationId: withDefault(
      { Type: "String", Description: "The organization id", AllowedPattern: "^o-[a-z0-9]{10,32}$" },
      d.organizationId,
    ),
    HubRoleArns: withDefault(
      { Type: "CommaDelimitedList", Description: "The hub's function roles (its stack output hubRoleArns)" },
      d.hubRoleArns?.join(","),
    ),
    MemberRoleName: {
      Type: "String",
      Description: "The role the hub assumes, the same name in every account",
      Default: d.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME,
    },
    RoleRegion: withDefault(
      { Type: "String", Description: "The one Region of each account whose stack creates the member role" },
      d.hubRegion,
    ),
  };
}

/** EventBridge needs a role to put events on another account's bus, in this Region or another. */
function forwardingRole() {
  return {
    Type: "AWS::IAM::Role",
    Properties: {
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sts:AssumeRole",
            // Only this account's rules may use it (the confused-deputy guard).
            Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
          },
        ],
      },
      Policies: [
        {
          PolicyName: "put-events-on-the-hub-bus",
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "events:PutEvents", Resource: HUB_BUS_ARN }],
          },
        },
      ],
    },
  };
}

function forwardingRule(pattern: EventPattern) {
  return {
    Type: "AWS::Events::Rule",
    Properties: {
      Description: `Forwards ${pattern["detail-type"].join(", ")} to the ecs-guardrails hub`,
      EventBusName: "default",
      State: "ENABLED",
      EventPattern: { source: [...pattern.source], "detail-type": [...pattern["detail-type"]] },
      Targets: [{ Id: "hub", Arn: HUB_BUS_ARN, RoleArn: { "Fn::GetAtt": ["ForwardingRole", "Arn"] } }],
    },
  };
}

/** `aws.ecs` gives ForwardEcs: stable logical ids whatever the patterns' order. */
export function ruleName(pattern: EventPattern): string {
  const words = pattern.source.map((s) => s.replace(/^aws\./, "").replace(/[^a-zA-Z0-9]/g, ""));
  return `Forward${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("")}`;
}

function memberRole(clusters: readonly string[]) {
  return {
    Type: "AWS::IAM::Role",
    Condition: "CreatesMemberRole",
    Properties: {
      RoleName: { Ref: "MemberRoleName" },
      Description: "Assumed by the ecs-guardrails hub's functions to act on this account's ECS services",
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: { Ref: "HubRoleArns" } },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:PrincipalOrgID": { Ref: "OrganizationId" } } },
          },
        ],
      },
      Policies: [
        {
          PolicyName: "ecs-guardrails",
          PolicyDocument: { Version: "2012-10-17", Statement: memberRoleStatements(clusters) },
        },
      ],
    },
  };
}
