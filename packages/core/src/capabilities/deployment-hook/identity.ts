import type { EcsDeploymentHistory } from "../../engine/gateways.ts";
import { GuardrailsError } from "../../errors.ts";
import { resolveDeploymentId } from "../../history/ecs-history.ts";
import type { ListedDeployment } from "../../history/observed.ts";

// Which tasks a hook invocation judges. ECS names the service deployment (`resourceArn`) and
// its target service revision; tasks and deployment events name an `ecs-svc/…` deployment
// (`startedBy`, `deploymentId`). ECS documents no relation between these ids, so the hook
// resolves it through ECS: DescribeServiceDeployments gives the target revision and when the
// deployment was created, DescribeServiceRevisions the revision's task definition, and
// DescribeServices lists the ecs-svc deployment created with it on that task definition.

export type HookRevisions = Pick<EcsDeploymentHistory, "describeServiceDeployments" | "describeServiceRevisions">;

export type HookIdentity = {
  /** The `ecs-svc/…` deployment whose tasks run the target revision. */
  deploymentId: string;
  taskDefinition: string;
};

/** The invocation's deployment could not be told: a fault, answered as the hook answers its faults. */
export class HookIdentityError extends GuardrailsError {
  override name = "HookIdentityError";
}

/** `deployment`: DescribeServiceDeployments of the invocation's resourceArn, started by the caller (run.ts). */
export async function resolveIdentity(
  i: { resourceArn: string; targetRevisionArn: string },
  deployment: Promise<Awaited<ReturnType<HookRevisions["describeServiceDeployments"]>>>,
  revisions: HookRevisions,
  listed: readonly ListedDeployment[],
): Promise<HookIdentity> {
  const sd = (await deployment).find((d) => d.serviceDeploymentArn === i.resourceArn);
  if (!sd) throw new HookIdentityError(`ECS does not describe the service deployment ${i.resourceArn}`);
  // The invocation's own target: a rollback re-invokes with the same deployment and target.
  const target = sd.targetServiceRevisionArn ?? i.targetRevisionArn;
  const revision = (await revisions.describeServiceRevisions([target])).find((r) => r.serviceRevisionArn === target);
  if (!revision?.taskDefinition) throw new HookIdentityError(`ECS does not describe the service revision ${target}`);
  const deploymentId = resolveDeploymentId(
    { taskDefinition: revision.taskDefinition, createdAt: sd.createdAt ?? revision.createdAt },
    listed,
  );
  if (!deploymentId)
    throw new HookIdentityError(
      `no deployment DescribeServices lists runs ${revision.taskDefinition} from around ${sd.createdAt ?? "its creation"}`,
    );
  return { deploymentId, taskDefinition: revision.taskDefinition };
}
