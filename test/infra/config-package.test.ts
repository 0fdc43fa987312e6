import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { CONFIG_STAMP } from "@ecs-guardrails/core/config/stamp";
import { configAtColdStart } from "../../functions/lib/config.ts";
import { type EvaluatedApp, evaluateApp, resourceNamed } from "../support/sst-harness.ts";
import {
  environmentBytes,
  functionPackage,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
  unpackFunction,
} from "../support/sst-artifacts.ts";

// A large configuration (100 overrides, far past the 4 KB Lambda allows for environment
// variables) deploys, ships inside each function's package, and loads at cold start.

const OVERRIDES = 100;
const config = {
  scope: { clusters: ["prod"] },
  policies: { "auto-rollback": { mode: "enforce" } },
  overrides: Array.from({ length: OVERRIDES }, (_, i) => ({
    cluster: "prod",
    service: `service-${String(i).padStart(3, "0")}`,
    policies: {
      "auto-rollback": { alarms: [`service-${i}-5xx`, `service-${i}-latency`], bakeMinutes: 15 },
      "spot-fallback": { cooldownMinutes: 45 },
    },
  })),
};
const FUNCTIONS = { Ingest: "functions/ingest.mjs", ReconcileHandler: "functions/reconcile.mjs" } as const;

let app: EvaluatedApp;
let work: string;
const savedEnv = { ...process.env };
const scratch: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};

beforeAll(async () => {
  const dir = tempDir("guardrails-config-");
  work = tempDir("guardrails-work-");
  writeFileSync(join(dir, "guardrails.config.json"), JSON.stringify(config));
  app = await evaluateApp({ env: { GUARDRAILS_CONFIG_FILE: join(dir, "guardrails.config.json") }, workDir: work });
});

afterAll(() => {
  process.env = savedEnv;
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function variablesOf(name: string): Record<string, string> {
  return (resourceNamed(app, `${name}Function`).inputs as { environment: { variables: Record<string, string> } })
    .environment.variables;
}

it("is a configuration the environment could not carry", () => {
  expect(Buffer.byteLength(JSON.stringify(parseConfig(config)))).toBeGreaterThan(LAMBDA_ENVIRONMENT_LIMIT_BYTES * 4);
});

describe.each(Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[])("the %s function", (name) => {
  it("keeps its environment under Lambda's 4 KB, naming the packaged file instead of carrying the config", () => {
    const variables = variablesOf(name);

    expect(variables["GUARDRAILS_CONFIG_FILE"]).toBe("guardrails.config.json");
    expect(Object.keys(variables)).not.toContain("GUARDRAILS_CONFIG");
    expect(environmentBytes(variables)).toBeLessThan(LAMBDA_ENVIRONMENT_LIMIT_BYTES);
  });

  it("carries the validated configuration, defaults filled in, under the schema's stamp, at the root of its package", () => {
    const files = functionPackage(work, name);

    expect(Object.keys(files)).toContain(FUNCTIONS[name]);
    const shipped = JSON.parse(Buffer.from(files["guardrails.config.json"]!).toString("utf8"));
    expect(shipped.stamp).toBe(CONFIG_STAMP);
    expect(shipped.config).toEqual(parseConfig(config));
    expect(shipped.config.overrides).toHaveLength(OVERRIDES);
  });

  it("loads it at cold start, reading the file from the function's root", () => {
    const root = unpackFunction(work, name, tempDir(`${name}-task-`));

    const loaded = configAtColdStart({ ...variablesOf(name), LAMBDA_TASK_ROOT: root });

    expect(loaded.overrides).toHaveLength(OVERRIDES);
    expect(loaded.overrides[99]).toMatchObject({
      service: "service-099",
      policies: { "spot-fallback": { cooldownMinutes: 45 } },
    });
  });
});

describe("the bundled ingest handler at cold start", () => {
  async function coldStart(root: string) {
    process.env = { ...savedEnv, ...variablesOf("Ingest"), LAMBDA_TASK_ROOT: root, AWS_REGION: "us-east-1" };
    try {
      return (await import(pathToFileURL(join(root, FUNCTIONS.Ingest)).href)) as { handler: unknown };
    } finally {
      process.env = savedEnv;
    }
  }

  it("starts with the packaged configuration", async () => {
    const root = unpackFunction(work, "Ingest", tempDir("ingest-task-"));

    expect(typeof (await coldStart(root)).handler).toBe("function");
  });

  // The deploy step validated the file; the cold start checks that it is still what was validated.
  it("fails its cold start in one line naming the file when the packaged configuration was edited after the deploy", async () => {
    const root = tempDir("ingest-task-");
    cpSync(unpackFunction(work, "Ingest", tempDir("ingest-src-")), root, { recursive: true });
    const shipped = JSON.parse(readFileSync(join(root, "guardrails.config.json"), "utf8"));
    writeFileSync(
      join(root, "guardrails.config.json"),
      JSON.stringify({
        ...shipped,
        config: { ...shipped.config, guards: { ...shipped.config.guards, lockSeconds: 600 } },
      }),
    );

    await expect(coldStart(root)).rejects.toThrow(
      /^invalid guardrails\.config\.json: changed after the deploy step validated it \(its checksum differs\); deploy again$/,
    );
  });
});
