import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { type EvaluatedApp, evaluateApp, resourceNamed, stateOf } from "../support/sst-harness.ts";
import { actionsOf, policyStatements } from "../support/sst-mocks-policies.ts";

// A hub with chat channels: a button on a member's notice acts in that member, so the chat
// function may assume the member role too, like the other functions whose code calls it.

let app: EvaluatedApp;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hub-chat-"));
  const file = path.join(dir, "guardrails.config.json");
  writeFileSync(file, JSON.stringify({ chat: { channels: { ops: { commands: ["rollback-now", "status"] } } } }));
  app = await evaluateApp({
    env: { GUARDRAILS_CONFIG_FILE: file, GUARDRAILS_ORGANIZATION_ID: "o-a1b2c3d4e5" },
  });
});

it("lets the chat function assume the member role, and names its role among those members trust", () => {
  const assumers = policyStatements(app.resources)
    .filter(({ statement }) => actionsOf(statement).includes("sts:AssumeRole") && !statement.Principal)
    .map(({ resource }) => resource)
    .sort();

  expect(assumers).toEqual(
    ["ChatCommand", "DeploymentHook", "Ingest", "Pipeline", "ReconcileHandler", "RightSizing"].map(
      (id) => `${id}AssumeMemberRole`,
    ),
  );
  expect(resourceNamed(app, "ChatCommandAssumeMemberRole").inputs.role).toBe(
    stateOf(app, "ChatCommandRole").name ?? "ChatCommandRole",
  );
  expect(String(app.outputs["hubRoleArns"])).toContain(String(stateOf(app, "ChatCommandRole").arn));
});
