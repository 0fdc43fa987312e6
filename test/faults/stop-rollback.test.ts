import type { ServiceDeployment, ServiceRevision } from "@aws-sdk/client-ecs";
import { crash, deploymentHistory, ROLLBACK_KEY, service, td } from "./rollback-service.ts";
import { faultMatrix } from "./matrix.ts";
import type { Observed } from "./world.ts";

// The crash loop of web:42 while it rolls out, on a service whose release also moved it off
// Spot and into another subnet: the guardrails read ECS's service deployments (list, describe,
// describe revisions) and stop the in-progress one with ROLLBACK, so ECS returns to the whole
// source revision. One stop, never a second one, never an UpdateService over ECS's rollback.

const ARN = "arn:aws:ecs:us-east-1:111122223333";
const revision = (id: string, taskDefinition: string, provider: string, subnet: string): ServiceRevision => ({
  serviceRevisionArn: `${ARN}:service-revision/prod/web/${id}`,
  taskDefinition,
  capacityProviderStrategy: [{ capacityProvider: provider, base: 0, weight: 1 }],
  networkConfiguration: { awsvpcConfiguration: { subnets: [subnet], securityGroups: ["sg-web"] } },
});
const good = revision("5100000000000000041", td(41), "FARGATE_SPOT", "subnet-a");
const bad = revision("5100000000000000042", td(42), "FARGATE", "subnet-c");
const BAD_DEPLOYMENT = `${ARN}:service-deployment/prod/web/kQ2zW7nR4sT1`;
const deployments: ServiceDeployment[] = [
  {
    serviceDeploymentArn: BAD_DEPLOYMENT,
    status: "IN_PROGRESS",
    createdAt: new Date("2026-11-20T10:01:40Z"),
    targetServiceRevision: { arn: bad.serviceRevisionArn },
    sourceServiceRevisions: [{ arn: good.serviceRevisionArn }],
  },
  {
    serviceDeploymentArn: `${ARN}:service-deployment/prod/web/aB9cD8eF7gH6`,
    status: "SUCCESSFUL",
    createdAt: new Date("2026-11-20T10:00:00Z"),
    targetServiceRevision: { arn: good.serviceRevisionArn },
    sourceServiceRevisions: [],
  },
];

function stoppedOnce(run: Observed): string[] {
  const out: string[] = [];
  const sd = run.ecs.serviceDeployments?.find((d) => d.serviceDeploymentArn === BAD_DEPLOYMENT);
  if (sd?.status !== "ROLLBACK_REQUESTED")
    out.push(`the bad service deployment is ${sd?.status}, not ROLLBACK_REQUESTED`);
  if (run.actions.join(" | ") !== "stop kQ2zW7nR4sT1 ROLLBACK")
    out.push(`ECS was changed by [${run.actions.join(" | ")}], not by one stop with ROLLBACK`);
  const bad = run.deployments.find((d) => d.deploymentId === "ecs-svc/2");
  if (bad?.outcome !== "rolled-back" || bad.rolledBackBy !== "guardrails:auto-rollback")
    out.push(`ecs-svc/2 is ${bad?.outcome ?? "missing"} (by ${bad?.rolledBackBy ?? "nobody"})`);
  const acted = run.decisions.filter(
    (d) => d.eventId === ROLLBACK_KEY && (d.data as { verdict?: string } | undefined)?.verdict === "acted",
  );
  if (acted.length !== 1) out.push(`the rollback decision is recorded as acted ${acted.length} time(s)`);
  return out;
}

await faultMatrix({
  id: "stop-rollback",
  title: "Auto-rollback: a crash loop during the deployment stops it with ROLLBACK (the whole revision)",
  config: { policies: { "auto-rollback": { mode: "enforce" } } },
  service: service({ serviceDeployments: deployments, serviceRevisions: [good, bad] }),
  inputs: [...deploymentHistory(), crash(1), crash(2), crash(3)],
  truths: stoppedOnce,
});
