import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EvaluatedApp, evaluateApp } from "../support/sst-harness.ts";
import { actionsOf, policyStatements, resourcesOf } from "../support/sst-mocks-policies.ts";
import { neededActions } from "../support/sst-needed-actions.ts";

// Issue 23: the functions that settle the configuration per account (the ingest and the
// reconcile) may call Organizations' ListParents, and only when the configuration names an OU.

const ROOT = path.resolve(import.meta.dirname, "../..");
let withOus: EvaluatedApp;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "guardrails-config-"));
  const file = join(dir, "guardrails.config.json");
  writeFileSync(
    file,
    JSON.stringify({
      overrides: [{ organizationalUnits: ["ou-ab12-cdef3456"], policies: { "auto-rollback": { mode: "enforce" } } }],
    }),
  );
  // One evaluation per file (SST keeps per-process state): the stage without OUs is needed-actions.test.ts's.
  withOus = await evaluateApp({ env: { GUARDRAILS_CONFIG_FILE: file }, workDir: join(dir, "work") });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const grantedListParents = (app: EvaluatedApp) =>
  policyStatements(app.resources).filter((found) => actionsOf(found.statement).includes("organizations:ListParents"));

describe("organizations:ListParents", () => {
  it("is granted to the ingest and the reconcile when a rule names an OU, on * (it has no resource type)", () => {
    const granted = grantedListParents(withOus);

    expect(granted.map((found) => found.resource).sort()).toEqual(["IngestRole", "ReconcileHandlerRole"]);
    for (const found of granted) expect(resourcesOf(found.statement)).toEqual(["*"]);
  });

  it("is derived from the code: the ingest's and the reconcile's bundles call it, the others' do not", () => {
    const needs = (fn: string) => {
      const build = withOus.builds.find((b) => b.functionID === fn)!;
      return neededActions(ROOT, build.inputs).includes("organizations:ListParents");
    };

    expect([needs("Ingest"), needs("ReconcileHandler")]).toEqual([true, true]);
    expect([needs("RightSizing"), needs("Pipeline")]).toEqual([false, false]);
  });
});
