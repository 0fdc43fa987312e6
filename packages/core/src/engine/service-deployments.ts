import type { ServiceRef } from "../model/service-ref.ts";
import type { RevisionView, ServiceDeploymentsView } from "../model/revision-settings.ts";
import type { ServiceDeploymentGateway } from "./gateways.ts";

// ECS's service deployments of a service and their revisions, read for an action whose result
// shows there (a rollback): ListServiceDeployments since a time, one DescribeServiceDeployments
// and one DescribeServiceRevisions per 20 ARNs. A read ECS refuses for good (access denied, a
// Region without these calls) degrades: the action then does what it did before these calls
// existed, and the decision says so. Any other failure (throttling, a timeout) is thrown, for
// the invocation to be retried and restore the whole revision.

/** At most this many service deployments are described: a rollout has a few. */
const MAX_DEPLOYMENTS = 20;

export async function readServiceDeployments(
  ref: ServiceRef,
  gateway: ServiceDeploymentGateway | undefined,
  since: string,
): Promise<ServiceDeploymentsView> {
  if (!gateway) return { unavailable: "this function does not read them" };
  try {
    const listed = await gateway.listServiceDeployments(ref, { createdAfter: since });
    const arns = listed.slice(0, MAX_DEPLOYMENTS).map((d) => d.arn);
    if (arns.length === 0) return { deployments: [] };
    const described = (await gateway.describeServiceDeployments(arns)).found;
    const revisionArns = [
      ...new Set(
        described.flatMap((d) => [d.targetRevision?.arn ?? [], ...d.sourceRevisions.map((r) => r.arn)].flat()),
      ),
    ];
    const found = revisionArns.length > 0 ? (await gateway.describeServiceRevisions(revisionArns)).found : [];
    const revisions = new Map<string, RevisionView>(found.map((r) => [r.arn, { ...r.settings, arn: r.arn }]));
    return {
      deployments: described
        .map((d) => ({
          arn: d.arn,
          status: d.status,
          createdAt: d.createdAt,
          target: d.targetRevision ? revisions.get(d.targetRevision.arn) : undefined,
          sources: d.sourceRevisions.flatMap((r) => revisions.get(r.arn) ?? []),
        }))
        .sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? "")),
    };
  } catch (error) {
    if (!refusedForGood(error)) throw error;
    return { unavailable: (error as Error).message };
  }
}

const FOR_GOOD = ["AccessDeniedException", "UnsupportedFeatureException"];

/** The adapters wrap the SDK's error (its `name` is ECS's error code) as their cause. */
function refusedForGood(error: unknown): boolean {
  const names = [(error as Error)?.name, ((error as Error)?.cause as Error | undefined)?.name];
  return names.some((n) => n !== undefined && FOR_GOOD.includes(n));
}
