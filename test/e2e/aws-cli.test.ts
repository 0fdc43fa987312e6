import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stops, taskStateChange } from "../../packages/sim/src/events/builders.ts";
import { jsonLines, runCli, startProcess } from "../support/cli.ts";

// `npm start`'s endpoints driven by a client nobody here wrote: the AWS CLI (Debian's awscli;
// .ci/run installs it). Every assertion is on what the CLI itself parsed out of the replies,
// so a reply of the wrong shape fails here even where the SDK would shrug.

const AWS = process.env["GUARDRAILS_AWS_CLI"] ?? (existsSync("/usr/bin/aws") ? "/usr/bin/aws" : "aws");
const available = await new Promise<boolean>((resolve) => execFile(AWS, ["--version"], (error) => resolve(!error)));
// Without the AWS CLI this suite cannot run; .ci/run installs it and sets GUARDRAILS_REQUIRE_AWS_CLI, so CI never skips it.
if (!available && process.env["GUARDRAILS_REQUIRE_AWS_CLI"])
  throw new Error(`the AWS CLI (${AWS}) is required: apt-get install -y awscli`);
if (!available)
  console.warn(`test/e2e/aws-cli.test.ts skipped: no AWS CLI (${AWS}); install it with apt-get install -y awscli`);

const home = mkdtempSync(join(tmpdir(), "guardrails-awscli-"));
const JOB = "0b5c1bd6-4f8e-4c6f-9d5e-3a4bd5e6f701";
let server: ReturnType<typeof startProcess>;
let url: string;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

type AwsRun = { code: number; json: Record<string, any>; stdout: string; stderr: string };

/** `aws <service> <operation> …` against the local endpoints; JSON output parsed. */
function aws(...args: string[]): Promise<AwsRun> {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_REGION: "us-east-1",
    AWS_PAGER: "",
    AWS_CONFIG_FILE: join(home, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_MAX_ATTEMPTS: "1",
  };
  return new Promise((resolve) => {
    execFile(
      AWS,
      [...args, "--endpoint-url", url, "--output", "json"],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr, json: stdout.trim() ? JSON.parse(stdout) : {} });
      },
    );
  });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 1000));
    value = await read();
  }
  return value;
}

// ECS's service deployment commands (2024–26) need a CLI built on a recent botocore: the pip AWS
// CLI v1 on this machine's PATH has them, Debian's awscli package (2.9) predates them. This
// suite checks the CLI it runs and says so instead of failing on "Invalid choice".
const deploymentCommands =
  available &&
  (await new Promise<boolean>((resolve) =>
    execFile(AWS, ["ecs", "list-service-deployments", "help"], { env: { ...process.env, AWS_PAGER: "" } }, (error) =>
      resolve(!error),
    ),
  ));
if (available && !deploymentCommands && process.env["GUARDRAILS_REQUIRE_AWS_CLI"])
  throw new Error(`the AWS CLI (${AWS}) lacks ecs list-service-deployments: pip install --upgrade awscli`);

/** AWS CLI v2 prints timestamps as ISO-8601, v1 as epoch seconds. */
const asTime = (value: unknown) => (typeof value === "number" ? value * 1000 : Date.parse(String(value)));

describe.skipIf(!available)("npm start's endpoints, through the AWS CLI", () => {
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = startProcess("npm", ["start", "--", "--no-demo", "--port", String(port)], /Serving \(Ctrl-C to stop\)/, {
      env: { GUARDRAILS_HOME: home },
      timeoutMs: 90_000,
    });
    await server.started;
  }, 120_000);
  afterAll(async () => {
    server?.interrupt();
    await server?.exited;
  });

  it("serves on the --port it was given", () => {
    expect(server.output()).toContain(`AWS endpoints (ECS, EventBridge PutEvents, SNS, CodePipeline)  ${url}`);
  });

  it("takes events with put-events and records them in the service's history", async () => {
    const event = taskStateChange({
      cluster: "shop",
      service: "cart",
      taskId: "aaaabbbbcccc",
      deploymentId: "ecs-svc/77",
      taskDefinition: "cart:3",
      version: 4,
      lastStatus: "STOPPED",
      time: new Date().toISOString(),
      stop: stops.outOfMemory(),
    });
    const entries = join(home, "entries.json");
    writeFileSync(
      entries,
      JSON.stringify([
        {
          Source: event.source,
          DetailType: event["detail-type"],
          Detail: JSON.stringify(event.detail),
          Resources: event.resources,
        },
        { Source: "shop.ci", DetailType: "Note", Detail: "not json" },
      ]),
    );

    const put = await aws("events", "put-events", "--entries", `file://${entries}`);

    expect(put.code).toBe(0);
    expect(put.json["FailedEntryCount"]).toBe(1);
    expect(put.json["Entries"][0]["EventId"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(put.json["Entries"][1]).toEqual({ ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." });
    const history = await until(
      async () =>
        jsonLines(
          (
            await runCli(["history", "--cluster", "shop", "--service", "cart", "--json"], {
              env: { GUARDRAILS_HOME: home },
            })
          ).stdout,
        ),
      (lines) => lines.length > 0,
      20_000,
    );
    expect(history).toEqual([
      expect.objectContaining({ type: "task-stopped", stopClass: "out-of-memory", taskId: "aaaabbbbcccc" }),
    ]);
    expect(asTime(history[0]!["time"])).toBeLessThanOrEqual(Date.now());
  });

  it("prints an event it dead-letters as it happens", async () => {
    const put = await aws(
      "events",
      "put-events",
      "--entries",
      JSON.stringify([
        { Source: "aws.ecs", DetailType: "ECS Task State Change", Detail: JSON.stringify({ clusterArn: "nope" }) },
      ]),
    );

    expect(put.json["FailedEntryCount"]).toBe(0);
    await until(
      async () => server.output(),
      (o) => o.includes("✖ dead letter"),
      10_000,
    );
    expect(server.output()).toMatch(
      /✖ dead letter: \S+ gave up on aws\.ecs ECS Task State Change [0-9a-f-]{36} after 1 attempt — \w+: .+\(kept in .*dead-letters\.jsonl\)/,
    );
  });

  it("builds a service with create-cluster, register-task-definition and create-service, and runs its tasks", async () => {
    const cluster = await aws("ecs", "create-cluster", "--cluster-name", "shop", "--tags", "key=team,value=checkout");
    expect(cluster.json["cluster"]).toMatchObject({
      clusterName: "shop",
      clusterArn: "arn:aws:ecs:us-east-1:111122223333:cluster/shop",
      status: "ACTIVE",
    });

    const td = await aws(
      "ecs",
      "register-task-definition",
      "--family",
      "cart",
      "--cpu",
      "256",
      "--memory",
      "512",
      "--requires-compatibilities",
      "FARGATE",
      "--network-mode",
      "awsvpc",
      "--container-definitions",
      JSON.stringify([{ name: "app", image: "nginx:1.27", essential: true }]),
    );
    expect(td.code).toBe(0);
    expect(td.json["taskDefinition"]).toMatchObject({
      family: "cart",
      revision: 1,
      cpu: "256",
      memory: "512",
      containerDefinitions: [expect.objectContaining({ name: "app", image: "nginx:1.27" })],
    });
    expect(Math.abs(asTime(td.json["taskDefinition"]["registeredAt"]) - Date.now())).toBeLessThan(120_000);

    const created = await aws(
      "ecs",
      "create-service",
      "--cluster",
      "shop",
      "--service-name",
      "cart",
      "--task-definition",
      "cart",
      "--desired-count",
      "2",
      "--tags",
      "key=guardrails:auto-rollback,value=on",
    );
    expect(created.code).toBe(0);
    expect(created.json["service"]).toMatchObject({
      serviceName: "cart",
      desiredCount: 2,
      taskDefinition: expect.stringMatching(/task-definition\/cart:1$/),
      deployments: [expect.objectContaining({ status: "PRIMARY", rolloutState: "IN_PROGRESS" })],
    });

    const described = await until(
      () => aws("ecs", "describe-services", "--cluster", "shop", "--services", "cart", "--include", "TAGS"),
      (r) => r.json["services"]?.[0]?.["runningCount"] === 2,
    );
    const service = described.json["services"][0];
    expect(service).toMatchObject({ runningCount: 2, tags: [{ key: "guardrails:auto-rollback", value: "on" }] });
    expect(asTime(service["createdAt"])).toBeLessThanOrEqual(Date.now());
    expect(asTime(service["createdAt"])).toBeGreaterThan(Date.now() - 10 * 60_000);

    const listed = await aws("ecs", "list-tasks", "--cluster", "shop", "--service-name", "cart");
    expect(listed.json["taskArns"]).toHaveLength(2);
    const tasks = await aws("ecs", "describe-tasks", "--cluster", "shop", "--tasks", ...listed.json["taskArns"]);
    expect(tasks.json["tasks"].map((t: Record<string, unknown>) => [t["lastStatus"], t["group"]])).toEqual([
      ["RUNNING", "service:cart"],
      ["RUNNING", "service:cart"],
    ]);
    expect((await aws("ecs", "list-services", "--cluster", "shop")).json["serviceArns"]).toEqual([
      "arn:aws:ecs:us-east-1:111122223333:service/shop/cart",
    ]);
    expect((await aws("ecs", "list-clusters")).json["clusterArns"]).toContain(
      "arn:aws:ecs:us-east-1:111122223333:cluster/shop",
    );
    expect(
      (await aws("ecs", "list-tags-for-resource", "--resource-arn", "arn:aws:ecs:us-east-1:111122223333:cluster/shop"))
        .json["tags"],
    ).toEqual([{ key: "team", value: "checkout" }]);
    expect(
      (await aws("ecs", "describe-task-definition", "--task-definition", "cart:1")).json["taskDefinition"][
        "taskDefinitionArn"
      ],
    ).toMatch(/task-definition\/cart:1$/);

    await aws(
      "ecs",
      "register-task-definition",
      "--family",
      "cart",
      "--container-definitions",
      JSON.stringify([{ name: "app", image: "nginx:1.28" }]),
    );
    const updated = await aws(
      "ecs",
      "update-service",
      "--cluster",
      "shop",
      "--service",
      "cart",
      "--task-definition",
      "cart:2",
    );
    expect(
      updated.json["service"]["deployments"].map((d: Record<string, unknown>) => [
        d["status"],
        String(d["taskDefinition"]).split("/").pop(),
      ]),
    ).toEqual([
      ["PRIMARY", "cart:2"],
      ["ACTIVE", "cart:1"],
    ]);
  }, 120_000);

  it("names ECS's own error codes for what it refuses", async () => {
    const missing = await aws(
      "ecs",
      "create-service",
      "--cluster",
      "nowhere",
      "--service-name",
      "x",
      "--task-definition",
      "cart",
      "--desired-count",
      "1",
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("(ClusterNotFoundException) when calling the CreateService operation");
    const noService = await aws(
      "ecs",
      "update-service",
      "--cluster",
      "shop",
      "--service",
      "nope",
      "--desired-count",
      "1",
    );
    expect(noService.stderr).toContain("(ServiceNotFoundException)");
  });

  it("takes sns publish and prints it credited to the AWS CLI, not to the guardrails", async () => {
    const published = await aws(
      "sns",
      "publish",
      "--topic-arn",
      "arn:aws:sns:us-east-1:111122223333:billing",
      "--subject",
      "Invoice run done",
      "--message",
      "42 invoices",
    );

    expect(published.code).toBe(0);
    expect(published.json["MessageId"]).toMatch(/^[0-9a-f-]{36}$/);
    await until(
      async () => server.output(),
      (o) => o.includes("Invoice run done"),
      10_000,
    );
    expect(server.output()).toMatch(/💬 published by aws-cli\/\S+ \(not the guardrails\) to billing: Invoice run done/);
    const bad = await aws("sns", "publish", "--topic-arn", "not-an-arn", "--message", "x");
    expect(bad.stderr).toContain("(InvalidParameter) when calling the Publish operation");
  });

  it("takes CodePipeline job results once per job, as CodePipeline does", async () => {
    const success = await aws(
      "codepipeline",
      "put-job-success-result",
      "--job-id",
      JOB,
      "--output-variables",
      "revision=cart:2",
    );
    expect(success.code).toBe(0);
    expect(success.stdout.trim()).toBe("");
    const again = await aws(
      "codepipeline",
      "put-job-failure-result",
      "--job-id",
      JOB,
      "--failure-details",
      "type=JobFailed,message=rolled back",
    );
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("(InvalidJobStateException) when calling the PutJobFailureResult operation");
    const failure = await aws(
      "codepipeline",
      "put-job-failure-result",
      "--job-id",
      JOB.replace("0b5c", "1b5c"),
      "--failure-details",
      "type=JobFailed,message=rolled back",
    );
    expect(failure.code).toBe(0);
    await until(
      async () => server.output(),
      (o) => o.includes("failure JobFailed"),
      10_000,
    );
    expect(server.output()).toContain(`CodePipeline job ${JOB}: success`);
    expect(server.output()).toContain("failure JobFailed — rolled back");
  });

  it.skipIf(!deploymentCommands)(
    "lists, describes, continues and stops service deployments, and changes a service's tags",
    async () => {
      // Run with the AWS CLI found above (the pip AWS CLI v1 here): the first client of these
      // calls written by neither this project nor the SDK it uses.
      const container = JSON.stringify([{ name: "app", image: "nginx:1.27" }]);
      for (let i = 0; i < 2; i++)
        await aws("ecs", "register-task-definition", "--family", "basket", "--container-definitions", container);
      await aws(
        "ecs",
        "create-service",
        "--cluster",
        "shop",
        "--service-name",
        "basket",
        "--task-definition",
        "basket:1",
        "--desired-count",
        "1",
        "--tags",
        "key=team,value=checkout",
      );
      const hooks = JSON.stringify({
        lifecycleHooks: [
          { targetType: "PAUSE", lifecycleStages: ["PRE_SCALE_UP"], timeoutConfiguration: { timeoutInMinutes: 30 } },
        ],
      });
      const updated = await aws(
        "ecs",
        "update-service",
        "--cluster",
        "shop",
        "--service",
        "basket",
        "--task-definition",
        "basket:2",
        "--deployment-configuration",
        hooks,
      );
      expect(updated.code).toBe(0);

      const listed = await aws("ecs", "list-service-deployments", "--cluster", "shop", "--service", "basket");
      const [newest, created] = listed.json["serviceDeployments"];
      expect([newest["status"], created["status"]]).toEqual(["IN_PROGRESS", "STOPPED"]);
      expect(newest["serviceDeploymentArn"]).toMatch(/:service-deployment\/shop\/basket\/[\w-]+$/);
      expect(asTime(newest["createdAt"])).toBeLessThanOrEqual(Date.now());

      const described = await aws(
        "ecs",
        "describe-service-deployments",
        "--service-deployment-arns",
        newest["serviceDeploymentArn"],
      );
      const sd = described.json["serviceDeployments"][0];
      expect(sd).toMatchObject({ status: "IN_PROGRESS", lifecycleStage: "PRE_SCALE_UP" });
      const [hook] = sd["lifecycleHookDetails"];
      expect(hook).toMatchObject({ targetType: "PAUSE", status: "AWAITING_ACTION", timeoutAction: "ROLLBACK" });

      const revisions = await aws(
        "ecs",
        "describe-service-revisions",
        "--service-revision-arns",
        sd["targetServiceRevision"]["arn"],
        sd["sourceServiceRevisions"][0]["arn"],
      );
      expect(
        revisions.json["serviceRevisions"].map((r: Record<string, string>) => r["taskDefinition"]!.split("/").pop()),
      ).toEqual(["basket:2", "basket:1"]);

      const continued = await aws(
        "ecs",
        "continue-service-deployment",
        "--service-deployment-arn",
        sd["serviceDeploymentArn"],
        "--hook-id",
        hook["hookId"],
        "--action",
        "CONTINUE",
      );
      expect(continued.json["serviceDeploymentArn"]).toBe(sd["serviceDeploymentArn"]);

      const stopped = await aws(
        "ecs",
        "stop-service-deployment",
        "--service-deployment-arn",
        sd["serviceDeploymentArn"],
        "--stop-type",
        "ROLLBACK",
      );
      expect(stopped.json["serviceDeploymentArn"]).toBe(sd["serviceDeploymentArn"]);
      const rolling = await until(
        () => aws("ecs", "describe-service-deployments", "--service-deployment-arns", sd["serviceDeploymentArn"]),
        (r) => r.json["serviceDeployments"]?.[0]?.["status"] === "ROLLBACK_IN_PROGRESS",
        10_000,
      );
      expect(rolling.json["serviceDeployments"][0]["rollback"]["serviceRevisionArn"]).toBe(
        sd["sourceServiceRevisions"][0]["arn"],
      );
      const refused = await aws(
        "ecs",
        "stop-service-deployment",
        "--service-deployment-arn",
        created["serviceDeploymentArn"],
      );
      expect(refused.stderr).toContain("(ConflictException) when calling the StopServiceDeployment operation");

      const service = "arn:aws:ecs:us-east-1:111122223333:service/shop/basket";
      expect(
        (
          await aws(
            "ecs",
            "tag-resource",
            "--resource-arn",
            service,
            "--tags",
            "key=guardrails:auto-rollback,value=enforce",
          )
        ).code,
      ).toBe(0);
      expect((await aws("ecs", "untag-resource", "--resource-arn", service, "--tag-keys", "team")).code).toBe(0);
      const tagged = await aws(
        "ecs",
        "describe-services",
        "--cluster",
        "shop",
        "--services",
        "basket",
        "--include",
        "TAGS",
      );
      expect(tagged.json["services"][0]["tags"]).toEqual([{ key: "guardrails:auto-rollback", value: "enforce" }]);
    },
    120_000,
  );
});
