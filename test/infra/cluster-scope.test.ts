import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type EvaluatedApp, evaluateApp, MOCK_ACCOUNT, MOCK_REGION } from "../support/sst-harness.ts";
import { functionPackage } from "../support/sst-artifacts.ts";
import { actionsOf, arnMatches, policyStatements, resourcesOf } from "../support/sst-mocks-policies.ts";

// A stage whose configuration scopes clusters may update services of those clusters only.

let app: EvaluatedApp;
let dir: string;
const config = { scope: { clusters: ["prod", "staging"] }, policies: { "auto-rollback": { mode: "enforce" } } };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "guardrails-config-"));
  writeFileSync(join(dir, "guardrails.config.json"), JSON.stringify(config));
  app = await evaluateApp({
    env: { GUARDRAILS_CONFIG_FILE: join(dir, "guardrails.config.json") },
    workDir: join(dir, "work"),
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("hands the validated configuration to the function, defaults filled in", () => {
  const shipped = functionPackage(join(dir, "work"), "Ingest")["guardrails.config.json"];
  // The packaged file: the validated configuration under the schema's stamp (core/config/packaged.ts).
  const deployed = JSON.parse(Buffer.from(shipped ?? "{}").toString("utf8")).config;
  expect(deployed.scope.clusters).toEqual(["prod", "staging"]);
  expect(deployed.policies["auto-rollback"]).toMatchObject({ mode: "enforce", failureThreshold: 3 });
});

function statementsWith(action: string) {
  return policyStatements(app.resources).filter((found) => actionsOf(found.statement).includes(action));
}

it("scopes UpdateService to the services of the clusters passed in", () => {
  const granted = statementsWith("ecs:UpdateService");
  expect(granted.map((found) => found.resource).sort()).toEqual(["IngestRole", "ReconcileHandlerRole"]);
  for (const found of granted) {
    expect(resourcesOf(found.statement)).toEqual([
      `arn:aws:ecs:${MOCK_REGION}:${MOCK_ACCOUNT}:service/prod/*`,
      `arn:aws:ecs:${MOCK_REGION}:${MOCK_ACCOUNT}:service/staging/*`,
    ]);
  }
});

it.each([
  ["a service of a scoped cluster", "service/prod/web", true],
  ["a service of another cluster", "service/dev/web", false],
  // Documented as unsupported (README, "Deploying"): the old format names no cluster to scope by.
  ["an old-format service ARN, without the cluster", "service/web", false],
])("lets UpdateService reach %s: %s", (_, path, allowed) => {
  const arn = `arn:aws:ecs:${MOCK_REGION}:${MOCK_ACCOUNT}:${path}`;
  for (const found of statementsWith("ecs:UpdateService")) {
    expect(resourcesOf(found.statement).some((pattern) => arnMatches(pattern, arn))).toBe(allowed);
  }
});
