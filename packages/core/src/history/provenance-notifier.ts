import type { Notice, Notifier } from "../notifications/notice.ts";
import type { ProvenanceStore } from "./provenance.ts";
import { completeLink, describeLink } from "./provenance.ts";
import { serviceKey } from "../model/service-ref.ts";

// Notices about a deployment a pipeline released name the pipeline and the commit. The policies
// know nothing of pipelines: the link is looked up at publish time, from the deployment the
// notice is threaded on ("<cluster>/<service>/<deployment id>"). A failed lookup never holds a
// notice back.

export function withProvenance(
  notifier: Notifier,
  store: Pick<ProvenanceStore, "deploymentLink" | "execution">,
): Notifier {
  return {
    publish: async (notice: Notice) => notifier.publish(await enrich(notice, store).catch(() => notice)),
  };
}

async function enrich(notice: Notice, store: Pick<ProvenanceStore, "deploymentLink" | "execution">): Promise<Notice> {
  const deploymentId = deploymentOf(notice);
  if (!deploymentId || notice.context["pipeline"]) return notice;
  const found = await store.deploymentLink(notice, deploymentId);
  if (!found) return notice;
  const link = completeLink(found, await store.execution(found.executionId));
  return {
    ...notice,
    description: `${notice.description}\n\nReleased by ${describeLink(link)}.`,
    context: {
      ...notice.context,
      pipeline: link.pipeline ?? "",
      pipelineExecution: link.executionId,
      ...(link.commitId ? { commit: link.commitId } : {}),
      ...(link.branch ? { branch: link.branch } : {}),
    },
  };
}

function deploymentOf(notice: Notice): string | undefined {
  const explicit = notice.context["deployment"] ?? notice.context["deploymentId"];
  if (explicit) return explicit;
  const prefix = `${serviceKey(notice)}/`;
  const rest = notice.threadId.startsWith(prefix) ? notice.threadId.slice(prefix.length) : "";
  return rest.startsWith("ecs-svc/") ? rest : undefined;
}
