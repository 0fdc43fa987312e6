import { describe, expect, it } from "vitest";
import { memberTemplate } from "@ecs-guardrails/core/organization/member-template";
import { fixtureNames, loadFixture } from "../../../support/fixtures.ts";
import { matchesEventPattern } from "../../../support/event-pattern.ts";

// The member account's template: what its rules forward to the hub, checked against real event
// shapes, and that nothing in it is specific to one account but its parameters.

/** Fn::Sub's `${Name}` placeholders, written `$Name` here so they do not read as JavaScript's. */
const sub = (text: string) => text.replace(/\$(AWS::[A-Za-z]+|[A-Za-z]+)/g, (_, name: string) => `\${${name}}`);

type Resource = { Type: string; Condition?: string; Properties: Record<string, any> };

const template = memberTemplate();
const resources = Object.entries(template.Resources as Record<string, Resource>);
const rules = resources.filter(([, r]) => r.Type === "AWS::Events::Rule").map(([, r]) => r.Properties);
const forwarded = (event: Record<string, unknown>) =>
  rules.some((rule) => matchesEventPattern(rule.EventPattern, event));

const FORWARDED_KINDS =
  /^(ecs-task-|ecs-deployment-|ecs-service-action-|ecs-hook-|cloudwatch-alarm-|codepipeline-(action|pipeline|stage)-)/;

describe("the forwarding rules", () => {
  it.each(fixtureNames().filter((name) => FORWARDED_KINDS.test(name)))("forward the real event %s", (name) => {
    expect(forwarded(loadFixture(name))).toBe(true);
  });

  it("leave out what the hub does not consume (container instance state changes)", () => {
    expect(forwarded(loadFixture("ecs-container-instance-state-change"))).toBe(false);
  });

  it("sit on the member's default bus, where AWS services publish, and target the hub bus with a role", () => {
    expect(rules.length).toBe(3);
    for (const rule of rules) {
      expect(rule.EventBusName).toBe("default");
      expect(rule.Targets).toEqual([
        {
          Id: "hub",
          Arn: { "Fn::Sub": sub("arn:$AWS::Partition:events:$HubRegion:$HubAccountId:event-bus/$HubEventBusName") },
          RoleArn: { "Fn::GetAtt": ["ForwardingRole", "Arn"] },
        },
      ]);
    }
  });

  it("use a role that may only put events on the hub bus, for this account's rules", () => {
    const role = template.Resources.ForwardingRole.Properties;
    expect(role.Policies.flatMap((p) => p.PolicyDocument.Statement)).toEqual([
      { Effect: "Allow", Action: "events:PutEvents", Resource: rules[0]!.Targets[0].Arn },
    ]);
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }),
    ]);
  });
});

describe("the member role", () => {
  const role = template.Resources.MemberRole;

  it("trusts only the hub's function roles, inside the organization", () => {
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { AWS: { Ref: "HubRoleArns" } },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:PrincipalOrgID": { Ref: "OrganizationId" } } },
      },
    ]);
  });

  it("is named by a parameter and created once per account, in the role Region", () => {
    expect(role.Properties.RoleName).toEqual({ Ref: "MemberRoleName" });
    expect(role.Condition).toBe("CreatesMemberRole");
    expect(template.Conditions.CreatesMemberRole).toEqual({
      "Fn::Equals": [{ Ref: "AWS::Region" }, { Ref: "RoleRegion" }],
    });
  });

  it("scopes every ARN to the member's own account", () => {
    const arns = JSON.stringify(role.Properties.Policies).match(/arn:[^"]*/g) ?? [];
    expect(arns.length).toBeGreaterThan(0);
    for (const arn of arns) expect(arn).toMatch(/^arn:\$\{AWS::Partition\}:[a-z-]+:\*:\$\{AWS::AccountId\}:/);
  });

  it("narrows its writes to the clusters it is given", () => {
    const scoped = memberTemplate({ clusters: ["prod"] }).Resources.MemberRole.Properties.Policies[0]!.PolicyDocument;
    const update = scoped.Statement.find((s) => s.Action.includes("ecs:UpdateService"));
    expect(update?.Resource).toEqual([{ "Fn::Sub": sub("arn:$AWS::Partition:ecs:*:$AWS::AccountId:service/prod/*") }]);
  });
});

describe("StackSet readiness", () => {
  it("names no account, Region or organization but in its parameters", () => {
    const body = JSON.stringify({ ...template, Parameters: undefined });
    expect(body).not.toMatch(/\d{12}/);
    expect(body).not.toMatch(/o-[a-z0-9]{10}/);
    expect(body).not.toMatch(/[a-z]{2}-[a-z]+-\d/);
  });

  it("takes the hub's account, Region, bus, organization and roles as parameters, with the defaults it is given", () => {
    const given = memberTemplate({
      hubAccountId: "111122223333",
      hubRegion: "eu-west-1",
      organizationId: "o-a1b2c3d4e5",
      hubRoleArns: ["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"],
    }).Parameters;
    expect(given).toMatchObject({
      HubAccountId: { Default: "111122223333" },
      HubRegion: { Default: "eu-west-1" },
      HubEventBusName: { Default: "ecs-guardrails-hub" },
      OrganizationId: { Default: "o-a1b2c3d4e5" },
      HubRoleArns: {
        Type: "CommaDelimitedList",
        Default: "arn:aws:iam::111122223333:role/a,arn:aws:iam::111122223333:role/b",
      },
      MemberRoleName: { Default: "ecs-guardrails-member" },
      RoleRegion: { Default: "eu-west-1" },
    });
    expect(template.Parameters.HubAccountId).not.toHaveProperty("Default");
  });

  it("refers only to parameters it declares", () => {
    const declared = new Set([...Object.keys(template.Parameters), "AWS::Region", "AWS::AccountId", "AWS::Partition"]);
    const body = JSON.stringify(template.Resources);
    const refs = [...body.matchAll(/"Ref":"([^"]+)"/g)].map((m) => m[1]!);
    const subs = [...body.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const name of [...refs, ...subs]) expect(declared.has(name) || name in template.Resources, name).toBe(true);
  });

  it("uses only resource types a StackSet can create in a member account", () => {
    expect([...new Set(resources.map(([, r]) => r.Type))].sort()).toEqual(["AWS::Events::Rule", "AWS::IAM::Role"]);
  });
});

describe("the template's shape", () => {
  // Property names from the CloudFormation template reference (no resource schema ships with
  // the repository): https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-rule.html
  // and https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html
  const DOCUMENTED: Record<string, readonly string[]> = {
    "AWS::Events::Rule": [
      "Description",
      "EventBusName",
      "EventPattern",
      "Name",
      "RoleArn",
      "ScheduleExpression",
      "State",
      "Targets",
    ],
    "AWS::IAM::Role": [
      "AssumeRolePolicyDocument",
      "Description",
      "ManagedPolicyArns",
      "MaxSessionDuration",
      "Path",
      "PermissionsBoundary",
      "Policies",
      "RoleName",
      "Tags",
    ],
  };

  it.each(resources)("gives %s only properties its type documents", (_, resource) => {
    for (const key of Object.keys(resource.Properties)) expect(DOCUMENTED[resource.Type]).toContain(key);
  });

  it("gives each rule target only an Id, an Arn and a RoleArn, and each inline policy a name and a document", () => {
    for (const rule of rules)
      for (const target of rule.Targets) expect(Object.keys(target).sort()).toEqual(["Arn", "Id", "RoleArn"]);
    for (const [, r] of resources.filter(([, r]) => r.Type === "AWS::IAM::Role")) {
      for (const policy of r.Properties.Policies)
        expect(Object.keys(policy).sort()).toEqual(["PolicyDocument", "PolicyName"]);
    }
  });

  it("puts a Condition only on resources and outputs whose condition it declares", () => {
    const declared = Object.keys(template.Conditions);
    const used = [...resources.map(([, r]) => r.Condition), ...Object.values(template.Outputs).map((o) => o.Condition)];
    for (const name of used.filter((c) => c !== undefined)) expect(declared).toContain(name);
  });
});
