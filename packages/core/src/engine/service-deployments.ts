import type { ServiceRef } from "../model/service-ref.ts";
import type { RevisionView, ServiceDeploymentsView } from "../model/revision-settings.ts";
import type { ServiceGateway } from "./gateways.ts";

// ECS's service deployments of a service and their revisions, read for an action whose result
// shows there (a rollback): ListServiceDeployments since a time, one DescribeServiceDeployments
// and one DescribeServiceRevisions per 20 ARNs. A failed read degrades, it does not throw: the
// action then does what it did before these calls existed, and the decision says so.

/** At most this many service deployments are described: a rollout has a few. */
const MAX_DEPLOYMENTS = 20;

export async function readServiceDeployments(
  ref: ServiceRef,
  ecs: ServiceGateway,
  since: string,
): Promise<ServiceDeploymentsView> {
  if (!ecs.listServiceDeployments || !ecs.describeServiceDeployments || !ecs.describeServiceRevisions)
    return { unavailable: "this function does not read them" };
  try {
    const listed = await ecs.listServiceDeployments(ref, { createdAfter: since });
    const arns = listed.slice(0, MAX_DEPLOYMENTS).map((d) => d.serviceDeploymentArn);
    if (arns.length === 0) return { deployments: [] };
    const described = await ecs.describeServiceDeployments(arns);
    const revisionArns = [
      ...new Set(
        described.flatMap((d) => [
          ...(d.targetServiceRevisionArn ? [d.targetServiceRevisionArn] : []),
          ...d.sourceServiceRevisionArns,
        ]),
      ),
    ];
    const revisions = new Map<string, RevisionView>(
      (revisionArns.length > 0 ? await ecs.describeServiceRevisions(revisionArns) : []).map((r) => [r.arn, r]),
    );
    return {
      deployments: described
        .map((d) => ({
          arn: d.serviceDeploymentArn,
          status: d.status,
          createdAt: d.createdAt,
          target: d.targetServiceRevisionArn ? revisions.get(d.targetServiceRevisionArn) : undefined,
          sources: d.sourceServiceRevisionArns.flatMap((a) => revisions.get(a) ?? []),
        }))
        .sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? "")),
    };
  } catch (error) {
    return { unavailable: (error as Error).message };
  }
}
