import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type EvaluatedApp, evaluateApp, resourceNamed } from "../support/sst-harness.ts";
import { actionsOf, inlinePolicyStatements, policyStatements } from "../support/sst-mocks-policies.ts";
import { neededActions } from "../support/sst-needed-actions.ts";

// Least privilege, both ways: each function's role grants exactly the actions its bundled code
// can call — derived from the adapters' SDK commands, not from a copy of permissions.ts — plus
// what Lambda itself does with the role.

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Not called by our code but by Lambda with the function's role: the on-failure destination (none for the pipeline function: its events carry credentials). */
const LAMBDA_NEEDS: Record<string, string[]> = {
  Ingest: ["sqs:SendMessage"],
  ReconcileHandler: ["sqs:SendMessage"],
  RightSizing: ["sqs:SendMessage"],
  Pipeline: [],
};

const FUNCTIONS = {
  Ingest: "IngestRole",
  ReconcileHandler: "ReconcileHandlerRole",
  RightSizing: "RightSizingRole",
  Pipeline: "PipelineRole",
} as const;

/**
 * Granted only behind a hub, by a policy of its own on the role (packages/infra/src/hub.ts), and
 * only on the member role's ARN in the organization's accounts: the single-account install
 * evaluated here never assumes a role (functions/lib/members.ts builds no STS client without
 * organization members), so it is granted none.
 */
const HUB_ONLY = ["sts:AssumeRole"];
/**
 * Granted only when a rule of the configuration names an OU (test/infra/ou-scopes.test.ts):
 * without one no Organizations client is built (functions/lib/organizations.ts).
 */
const OU_ONLY = ["organizations:ListParents"];

let app: EvaluatedApp;

beforeAll(async () => {
  app = await evaluateApp({ env: { GUARDRAILS_CONFIG_FILE: "does-not-exist.json" } });
});

function needed(functionID: string): string[] {
  const build = app.builds.find((b) => b.functionID === functionID);
  if (!build) throw new Error(`no bundle for ${functionID}`);
  return neededActions(ROOT, build.inputs);
}

describe.each(Object.entries(FUNCTIONS))("the %s function", (functionID, role) => {
  it("is granted exactly the actions its code calls, and the ones Lambda needs", () => {
    const granted = [...new Set(inlinePolicyStatements(resourceNamed(app, role)).flatMap(actionsOf))].sort();

    const own = needed(functionID).filter((a) => !HUB_ONLY.includes(a) && !OU_ONLY.includes(a));
    expect(granted).toEqual([...own, ...LAMBDA_NEEDS[functionID]!].sort());
  });

  it("grants no organizations:ListParents when no rule names an OU", () => {
    const granted = inlinePolicyStatements(resourceNamed(app, role)).flatMap(actionsOf);

    expect(granted.filter((a) => OU_ONLY.includes(a))).toEqual([]);
  });
});

describe("the derivation from code", () => {
  it("finds the SDK commands each function can reach, and only those", () => {
    expect(needed("Ingest")).toEqual(
      expect.arrayContaining(["ecs:DescribeServices", "ecs:UpdateService", "sns:Publish", "dynamodb:Query"]),
    );
    // Only the reconcile lists clusters and services: the ingest bundle never calls listServices.
    expect(needed("Ingest")).not.toContain("ecs:ListServices");
    // The import of ECS's deployment history runs in both the ingest and the reconcile (first sight of a service).
    const history = ["ecs:ListServiceDeployments", "ecs:DescribeServiceDeployments", "ecs:DescribeServiceRevisions"];
    expect(needed("Ingest")).toEqual(expect.arrayContaining(history));
    expect(needed("ReconcileHandler")).toEqual(expect.arrayContaining(history));
    expect(needed("RightSizing").filter((a) => history.includes(a))).toEqual([]);
    expect(needed("ReconcileHandler")).toEqual(expect.arrayContaining(["ecs:ListClusters", "ecs:ListServices"]));
    // Only the reconcile scales through Application Auto Scaling (scheduled scaling ticks).
    expect(needed("ReconcileHandler")).toEqual(
      expect.arrayContaining([
        "application-autoscaling:DescribeScalableTargets",
        "application-autoscaling:RegisterScalableTarget",
      ]),
    );
    expect(needed("Ingest").filter((a) => a.startsWith("application-autoscaling:"))).toEqual([]);
    // Only right-sizing reads metrics and scaling policies: the reconcile's bundle carries neither.
    expect(needed("RightSizing")).toEqual(
      expect.arrayContaining([
        "cloudwatch:GetMetricData",
        "application-autoscaling:DescribeScalingPolicies",
        "ecs:DescribeTaskDefinition",
      ]),
    );
    expect(
      needed("ReconcileHandler").filter(
        (a) => a.startsWith("cloudwatch:") || a === "application-autoscaling:DescribeScalingPolicies",
      ),
    ).toEqual([]);
    // The deploy stage answers jobs and reads ECS; it never changes a service.
    expect(needed("Pipeline")).toEqual(
      expect.arrayContaining([
        "codepipeline:PutJobFailureResult",
        "codepipeline:PutJobSuccessResult",
        "ecs:DescribeServices",
      ]),
    );
    expect(needed("Pipeline")).not.toContain("ecs:UpdateService");
    expect(needed("Ingest")).not.toContain("codepipeline:PutJobSuccessResult");
    // A hub's ingest, reconcile, right-sizing, deploy stage and lifecycle hook act in members as the member role.
    expect(needed("Ingest")).toContain("sts:AssumeRole");
    expect(needed("ReconcileHandler")).toContain("sts:AssumeRole");
    expect(needed("RightSizing")).toContain("sts:AssumeRole");
    expect(needed("Pipeline")).toContain("sts:AssumeRole");
    expect(needed("DeploymentHook")).toContain("sts:AssumeRole");
  });

  it("charges the service deployment calls (a rollback's reads and stop, a paused hook's re-read and answer) to the functions that run the policies, and to no other", () => {
    const deploymentActions = [
      "ecs:ListServiceDeployments",
      "ecs:DescribeServiceDeployments",
      "ecs:DescribeServiceRevisions",
      "ecs:StopServiceDeployment",
      "ecs:ContinueServiceDeployment",
    ];
    const charged = Object.fromEntries(
      Object.keys(FUNCTIONS).map((id) => [id, needed(id).filter((a) => deploymentActions.includes(a))]),
    );
    // Auto-rollback reads them before acting and stops a deployment in progress, the pause hook
    // re-reads a paused hook and answers it, and both import ECS's history at first sight: the
    // ingest (events) and the reconcile (ticks, retries). The lifecycle hook only resolves its
    // invocation's deployment and revision (two describes).
    const expected: Record<string, string[]> = {
      Ingest: [...deploymentActions].sort(),
      ReconcileHandler: [...deploymentActions].sort(),
      DeploymentHook: ["ecs:DescribeServiceDeployments", "ecs:DescribeServiceRevisions"],
    };
    for (const [id, actions] of Object.entries(charged)) expect(actions, id).toEqual(expected[id] ?? []);
  });

  it("maps each service deployment call to its own action, for the code that calls it", () => {
    const root = mkdtempSync(path.join(tmpdir(), "needed-"));
    const adapter = "packages/aws/src/ecs/service-deployments.ts";
    mkdirSync(path.dirname(path.join(root, adapter)), { recursive: true });
    writeFileSync(path.join(root, adapter), readFileSync(path.join(ROOT, adapter), "utf8"));
    mkdirSync(path.join(root, "functions"), { recursive: true });
    writeFileSync(
      path.join(root, "functions/stop.ts"),
      `export const handler = (g: { stopServiceDeployment(a: string): Promise<void> }) => g.stopServiceDeployment("a");`,
    );
    writeFileSync(
      path.join(root, "functions/history.ts"),
      `export const handler = async (g: any) => { await g.listServiceDeployments(); await g.describeServiceRevisions([]); };`,
    );

    expect(neededActions(root, [adapter, "functions/stop.ts"])).toEqual(["ecs:StopServiceDeployment"]);
    expect(neededActions(root, [adapter, "functions/history.ts"])).toEqual([
      "ecs:DescribeServiceRevisions",
      "ecs:ListServiceDeployments",
    ]);
    rmSync(root, { recursive: true, force: true });
  });

  it("charges a transaction's items, not the transaction, and skips adapter methods nothing calls", () => {
    const root = mkdtempSync(path.join(tmpdir(), "needed-"));
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    write(
      "packages/aws/src/store.ts",
      `import { ScanCommand, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
       const release = (t: string) => ({ Delete: { TableName: t, Key: {} } });
       export class Store {
         async write(t: string) { await this.send(new TransactWriteItemsCommand({ TransactItems: [release(t), { ConditionCheck: { TableName: t } }] })); }
         async unused() { await this.send(new ScanCommand({ TableName: "t" })); }
         private async send(command: unknown) { return command; }
       }`,
    );
    write(
      "functions/handler.ts",
      `export const handler = (store: { write(t: string): Promise<void> }) => store.write("t");`,
    );

    expect(neededActions(root, ["packages/aws/src/store.ts", "functions/handler.ts"])).toEqual([
      "dynamodb:ConditionCheckItem",
      "dynamodb:DeleteItem",
    ]);
    rmSync(root, { recursive: true, force: true });
  });
});

it("grants no wildcard action anywhere", () => {
  for (const { resource, statement } of policyStatements(app.resources)) {
    for (const action of actionsOf(statement)) expect(action, `${resource} grants ${action}`).not.toContain("*");
  }
});
