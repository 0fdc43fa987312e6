import {
  checkAccountId,
  checkOrganizationId,
  checkRegion,
  checkRoleArn,
  checkRoleName,
} from "@ecs-guardrails/core/organization/options";
import { InvalidArgumentError } from "commander";
import { defineCommand, runFrom } from "../command.ts";

/** `guardrails member-template`: the CloudFormation template of a member account, for a StackSet. */
export const memberTemplateCommand = defineCommand({
  name: "member-template",
  summary: "the CloudFormation template a member account runs for the hub",
  description: [
    "Prints, as JSON, the template that makes an account a member of a hub (docs/organizations.md):",
    "rules on its default bus forwarding ECS task, deployment, service and hook events, alarm state",
    "changes and pipeline events to the hub's bus, and the role the hub's functions assume, with",
    "exactly the ECS, Application Auto Scaling and CloudWatch actions they call. Deploy it with a",
    "service-managed StackSet to the organization or to OUs. The flags only fill in the parameters'",
    "defaults; every value can be given to the StackSet instead. The role's writes follow",
    "scope.clusters of the configuration.",
  ].join(" "),
  options: [
    { flags: "--hub-account <id>", description: "the hub's account id", parse: via(checkAccountId) },
    { flags: "--hub-region <region>", description: "the hub's Region", parse: via(checkRegion) },
    { flags: "--org <id>", description: "the organization id (o-...)", parse: via(checkOrganizationId) },
    {
      flags: "--hub-role-arns <arns>",
      description: "the hub's function roles, comma-separated (its stack output hubRoleArns)",
      parse: (raw) => raw.split(",").map((arn) => via(checkRoleArn)(arn.trim())),
    },
    {
      flags: "--member-role-name <name>",
      description: "the member role's name (default ecs-guardrails-member)",
      parse: via(checkRoleName),
    },
    {
      flags: "--config <file>",
      description: "guardrails configuration (default: guardrails.config.json when present)",
    },
  ],
  examples: [
    "guardrails member-template > member.json",
    "guardrails member-template --hub-account 111122223333 --hub-region eu-west-1 --org o-a1b2c3d4e5 > member.json",
  ],
  run: runFrom(() => import("../member-template.ts")),
});

/** The core's checks as option parsers: the parser names the flag and the value, the check says what it expects. */
function via(check: (value: string, key: string) => string) {
  return (raw: string): string => {
    try {
      return check(raw, "value");
    } catch (error) {
      const expected = (error as Error).message.replace(/^value must be (.*) \(got .*\)$/, "expected $1.");
      throw new InvalidArgumentError(expected);
    }
  };
}
