import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { subscriptions } from "@ecs-guardrails/core/events/patterns";
import {
  type EvaluatedApp,
  evaluateApp,
  MOCK_ACCOUNT,
  MOCK_REGION,
  resourceNamed,
  resourcesOfType,
  stateOf,
} from "../support/sst-harness.ts";
import { actionsOf, policyStatements } from "../support/sst-mocks-policies.ts";
import { neededActions } from "../support/sst-needed-actions.ts";

// A hub deployment: the same app, opened to its organization by a bus policy, a subscription on
// the hub bus, and the right to assume the member role in the organization's accounts.

const ORG = "o-a1b2c3d4e5";
const HUB_BUS_ARN = `arn:aws:events:${MOCK_REGION}:${MOCK_ACCOUNT}:event-bus/ecs-guardrails-hub`;
const ROOT = path.resolve(import.meta.dirname, "../..");
/**
 * The functions whose code assumes the member role (derived from their bundles, as every grant
 * is): the hub grants sts:AssumeRole to these and to no other.
 */
let ACTORS: string[];

let app: EvaluatedApp;

beforeAll(async () => {
  app = await evaluateApp({
    env: {
      GUARDRAILS_CONFIG_FILE: "does-not-exist.json",
      GUARDRAILS_ORGANIZATION_ID: ORG,
      GUARDRAILS_MEMBER_ROLE_NAME: "guardrails-member",
    },
  });
  ACTORS = app.builds
    .filter((b) => neededActions(ROOT, b.inputs).includes("sts:AssumeRole"))
    .map((b) => b.functionID)
    .sort();
});

function busPolicy() {
  return JSON.parse(resourceNamed(app, "HubBusPolicy").inputs.policy as string);
}

describe("the hub bus", () => {
  it("is a custom bus with a fixed name the member template addresses", () => {
    expect(resourceNamed(app, "HubBus").inputs.name).toBe("ecs-guardrails-hub");
    expect(stateOf(app, "HubBus").arn).toBe(HUB_BUS_ARN);
  });

  it("lets the organization put events, and names no other action", () => {
    expect(resourceNamed(app, "HubBusPolicy").inputs.eventBusName).toBe("ecs-guardrails-hub");
    expect(busPolicy().Statement).toEqual([
      {
        Sid: "OrganizationPutsEvents",
        Effect: "Allow",
        Principal: "*",
        Action: "events:PutEvents",
        Resource: HUB_BUS_ARN,
        Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } },
      },
    ]);
  });

  it("has a policy under EventBridge's 10 KB limit", () => {
    expect(Buffer.byteLength(resourceNamed(app, "HubBusPolicy").inputs.policy as string)).toBeLessThan(10 * 1024);
  });

  it("delivers the forwarded events to the ingest function with the ingest patterns", () => {
    const rules = resourcesOfType(app, "aws:cloudwatch/eventRule:EventRule").filter(
      (rule) => rule.inputs.eventBusName === "ecs-guardrails-hub",
    );
    expect(rules.map((rule) => JSON.parse(rule.inputs.eventPattern as string))).toEqual(
      subscriptions.ingest.map((pattern) => ({ ...pattern })),
    );
    const targets = resourcesOfType(app, "aws:cloudwatch/eventTarget:EventTarget").filter((t) =>
      rules.some((rule) => rule.state.name === t.inputs.rule),
    );
    expect(targets.map((t) => t.inputs.arn)).toEqual(rules.map(() => stateOf(app, "IngestFunction").arn));
  });

  it("keeps the subscription on the hub's own default bus, for the hub account's services", () => {
    const onDefault = resourcesOfType(app, "aws:cloudwatch/eventRule:EventRule").filter(
      (rule) => rule.inputs.eventBusName === "default",
    );
    expect(onDefault).toHaveLength(subscriptions.ingest.length);
  });
});

describe("assuming the member role", () => {
  const assumers = () =>
    policyStatements(app.resources).filter(
      ({ statement }) =>
        actionsOf(statement).includes("sts:AssumeRole") && statement.Effect === "Allow" && !statement.Principal,
    );

  it("runs the reconcile with one full vCPU (1,769 MB), since its tick passes over every member account", () => {
    expect(resourceNamed(app, "ReconcileHandlerFunction").inputs).toMatchObject({ memorySize: 1769, timeout: 120 });
  });

  it("is granted to the functions that act in member accounts, and to no other", () => {
    expect(ACTORS).toEqual(["DeploymentHook", "Ingest", "Pipeline", "ReconcileHandler", "RightSizing"]);
    const granted = assumers()
      .map(({ resource }) => resource)
      .sort();
    expect(granted).toEqual(ACTORS.map((id) => `${id}AssumeMemberRole`).sort());
    for (const id of ACTORS) {
      const role = resourceNamed(app, `${id}AssumeMemberRole`).inputs.role;
      expect(role).toBe(stateOf(app, `${id}Role`).name ?? `${id}Role`);
    }
  });

  it("only on the member role's name, in accounts of the organization", () => {
    expect(assumers()).toHaveLength(ACTORS.length);
    for (const { statement } of assumers()) {
      expect(statement).toEqual({
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: "arn:aws:iam::*:role/guardrails-member",
        Condition: { StringEquals: { "aws:ResourceOrgID": ORG } },
      });
    }
  });
});

it("exports the bus ARN and the roles the member template trusts", () => {
  expect(app.outputs).toMatchObject({ hubEventBusArn: HUB_BUS_ARN });
  expect(String(app.outputs["hubRoleArns"]).split(",").sort()).toEqual(
    ACTORS.map((id) => stateOf(app, `${id}Role`).arn).sort(),
  );
});
