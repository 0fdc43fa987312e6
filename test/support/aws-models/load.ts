import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { sdkShapes } from "./sdk-schema.ts";
import type { Model, Models } from "./shapes.ts";

// AWS's published service models, as botocore ships them (data/<service>/<date>/service-2.json,
// maybe gzipped), plus each SDK client's own serialisation schema for members botocore's copy
// lacks yet. Read once and cached as one JSON extract (no documentation) under test-output/.

const ROOT = path.resolve(import.meta.dirname, "../../..");
/** Where loadModels keeps its extract; a test file's setup reads it from here (readCachedModels). */
export const CACHE = path.join(ROOT, "test-output", "aws-models.json");

export function readCachedModels(): Models {
  return JSON.parse(readFileSync(CACHE, "utf8")) as Models;
}

/** Local endpoint's service name → botocore's folder and the SDK client package. */
export const SERVICES: Record<string, { botocore: string; sdk: string; schemas?: string }> = {
  ECS: { botocore: "ecs", sdk: "client-ecs" },
  "Application Auto Scaling": { botocore: "application-autoscaling", sdk: "client-application-auto-scaling" },
  CloudWatch: { botocore: "cloudwatch", sdk: "client-cloudwatch" },
  CodePipeline: { botocore: "codepipeline", sdk: "client-codepipeline" },
  SNS: { botocore: "sns", sdk: "client-sns" },
  EventBridge: { botocore: "events", sdk: "client-eventbridge" },
  SQS: { botocore: "sqs", sdk: "client-sqs" },
  Lambda: { botocore: "lambda", sdk: "client-lambda" },
  // The hub assumes member roles (packages/aws/src/accounts).
  STS: { botocore: "sts", sdk: "client-sts" },
  // The hub reads each account's OUs for rules scoped to OUs (packages/aws/src/organizations).
  Organizations: { botocore: "organizations", sdk: "client-organizations" },
};

/** botocore's data folder, or undefined when python3 or botocore is absent. */
export function botocoreData(): { dir: string; version: string } | undefined {
  try {
    // GUARDRAILS_PYTHON: a Python with a current botocore where the system's is old (.ci/run).
    const out = execFileSync(
      process.env["GUARDRAILS_PYTHON"] ?? "python3",
      ["-c", "import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    const [dir, version] = out.trim().split("\n");
    return dir && version && existsSync(path.join(dir, "data")) ? { dir: path.join(dir, "data"), version } : undefined;
  } catch {
    return undefined;
  }
}

/** The models, from the cache when it was made from the same botocore and SDK versions. */
export function loadModels(): Models | undefined {
  const botocore = botocoreData();
  if (!botocore) return undefined;
  const key = `${botocore.version} ${Object.values(SERVICES)
    .map((s) => sdkVersion(s.sdk))
    .join(" ")}`;
  if (existsSync(CACHE)) {
    const cached = JSON.parse(readFileSync(CACHE, "utf8")) as Models;
    if (cached.key === key) return cached;
  }
  const models: Models = { key, services: {} };
  for (const [name, where] of Object.entries(SERVICES))
    models.services[name] = {
      ...readBotocore(botocore.dir, where.botocore),
      sdk: sdkShapes(
        path.join(ROOT, "node_modules", "@aws-sdk", where.sdk, where.schemas ?? "dist-es/schemas/schemas_0.js"),
      ),
    };
  mkdirSync(path.dirname(CACHE), { recursive: true });
  writeFileSync(CACHE, JSON.stringify(models));
  return models;
}

function readBotocore(data: string, service: string): Omit<Model, "sdk"> {
  // The newest API version (events has two).
  const version = readdirSync(path.join(data, service)).sort().at(-1)!;
  const file = path.join(data, service, version, "service-2.json");
  const text = existsSync(file) ? readFileSync(file, "utf8") : gunzipSync(readFileSync(`${file}.gz`)).toString("utf8");
  const model = JSON.parse(text, (k, v) => (k === "documentation" || k === "examples" ? undefined : v)) as Omit<
    Model,
    "sdk" | "version"
  >;
  return { version, metadata: model.metadata, operations: model.operations, shapes: model.shapes };
}

function sdkVersion(pkg: string): string {
  const file = path.join(ROOT, "node_modules", "@aws-sdk", pkg, "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}
