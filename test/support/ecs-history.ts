import type { EcsDeploymentHistory } from "../../packages/core/src/engine/gateways.ts";
import type { Ledger, LedgerClaim, OutboxEntry } from "../../packages/core/src/engine/ledger.ts";
import type { ServiceDescription } from "../../packages/core/src/model/description.ts";
import type { ImportedHistory } from "../../packages/core/src/history/ecs-history.ts";
import type { TimelineEntry } from "../../packages/core/src/history/model.ts";
import type {
  ImportSummary,
  ServiceDeploymentView,
  ServiceRevisionView,
} from "../../packages/core/src/model/known-good.ts";

// ECS's deployment history as a test sets it up (ARNs shaped as ECS writes them), a fake of the
// port that counts and can fail its calls, and an in-memory ledger and history for the import.

export const REGION_ACCOUNT = "us-east-1:111122223333";
export const td = (family: string, rev: number) => `arn:aws:ecs:${REGION_ACCOUNT}:task-definition/${family}:${rev}`;
export const revisionArn = (cluster: string, service: string, id: string) =>
  `arn:aws:ecs:${REGION_ACCOUNT}:service-revision/${cluster}/${service}/${id}`;
export const deploymentArn = (cluster: string, service: string, id: string) =>
  `arn:aws:ecs:${REGION_ACCOUNT}:service-deployment/${cluster}/${service}/${id}`;

export function revision(arn: string, taskDefinition: string, createdAt: string): ServiceRevisionView {
  return {
    serviceRevisionArn: arn,
    createdAt,
    taskDefinition,
    capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }],
    launchType: undefined,
    platformVersion: "1.4.0",
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ["subnet-0a1b2c3d"],
        securityGroups: ["sg-0a1b2c3d"],
        assignPublicIp: "DISABLED",
      },
    },
    loadBalancers: [
      {
        targetGroupArn: `arn:aws:elasticloadbalancing:${REGION_ACCOUNT}:targetgroup/web/0123456789abcdef`,
        containerName: "web",
        containerPort: 8080,
      },
    ],
    serviceRegistries: [],
    serviceConnectConfiguration: undefined,
    volumeConfigurations: [],
  };
}

export function deployment(
  arn: string,
  target: string,
  status: string,
  createdAt: string,
  extra: Partial<ServiceDeploymentView> = {},
): ServiceDeploymentView {
  return {
    serviceDeploymentArn: arn,
    targetServiceRevisionArn: target,
    status,
    createdAt,
    startedAt: createdAt,
    finishedAt: status === "IN_PROGRESS" ? undefined : new Date(Date.parse(createdAt) + 10 * 60_000).toISOString(),
    statusReason: undefined,
    sourceServiceRevisionArns: [],
    rollback: undefined,
    ...extra,
  };
}

export type FakeHistoryCall = "list" | "describeDeployments" | "describeRevisions";

/** The port over fixed deployments and revisions; `pageSize` as ECS pages; `fail` throws from a call. */
export function fakeEcsHistory(
  deployments: ServiceDeploymentView[],
  revisions: ServiceRevisionView[],
  options: { pageSize?: number; fail?: (call: FakeHistoryCall) => Error | undefined } = {},
) {
  const calls: { call: FakeHistoryCall; size: number }[] = [];
  const check = (call: FakeHistoryCall, size: number) => {
    calls.push({ call, size });
    const error = options.fail?.(call);
    if (error) throw error;
  };
  const port: EcsDeploymentHistory = {
    async listServiceDeployments(_ref, { createdAfter, nextToken, maxResults }) {
      check("list", 0);
      const size = Math.min(maxResults ?? 20, options.pageSize ?? 100);
      const all = deployments.filter((d) => !createdAfter || (d.createdAt ?? "") >= createdAfter);
      const start = Number(nextToken ?? 0);
      const page = all.slice(start, start + size);
      return {
        deployments: page.map(({ serviceDeploymentArn, targetServiceRevisionArn, status, createdAt, finishedAt }) => ({
          serviceDeploymentArn,
          targetServiceRevisionArn,
          status,
          createdAt,
          finishedAt,
        })),
        nextToken: start + size < all.length ? String(start + size) : undefined,
      };
    },
    async describeServiceDeployments(arns) {
      if (arns.length > 20) throw new Error(`InvalidParameterException: ${arns.length} ARNs`);
      check("describeDeployments", arns.length);
      return deployments.filter((d) => arns.includes(d.serviceDeploymentArn));
    },
    async describeServiceRevisions(arns) {
      if (arns.length > 20) throw new Error(`InvalidParameterException: ${arns.length} ARNs`);
      check("describeRevisions", arns.length);
      return revisions.filter((r) => arns.includes(r.serviceRevisionArn));
    },
  };
  return { port, calls };
}

export function namedError(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** The ledger and the history writes the import uses, in memory; `fail(step)` throws before a step takes effect. */
export function memoryImportStores(fail: (step: string) => void = () => undefined) {
  const claims = new Map<string, { intent: unknown; done: boolean }>();
  const timeline: TimelineEntry[] = [];
  const outbox = new Map<string, OutboxEntry>();
  const imports: { imported: ImportedHistory; summary: ImportSummary; described?: ServiceDescription }[] = [];
  const ledger: Pick<Ledger, "claimOnce" | "saveIntent" | "markDone" | "recordOnce" | "delivered"> = {
    async claimOnce<I>(key: string): Promise<LedgerClaim<I>> {
      fail("claimOnce");
      const found = claims.get(key);
      if (found) return { status: "claimed-before", intent: structuredClone(found.intent) as I, done: found.done };
      claims.set(key, { intent: undefined, done: false });
      return { status: "claimed" };
    },
    async saveIntent<I>(key: string, intent: I): Promise<I> {
      fail("saveIntent");
      const claim = claims.get(key)!;
      claim.intent ??= structuredClone(intent);
      return structuredClone(claim.intent) as I;
    },
    async markDone(key) {
      fail("markDone");
      claims.get(key)!.done = true;
    },
    async recordOnce(_ref, entry, notice) {
      fail("recordOnce");
      if (timeline.some((e) => e.eventId === entry.eventId)) return;
      timeline.push(entry);
      if (notice) outbox.set(notice.key, notice);
    },
    async delivered(_ref, key) {
      fail("delivered");
      outbox.delete(key);
    },
  };
  const history = {
    async recordImported(
      _ref: unknown,
      imported: ImportedHistory,
      summary: ImportSummary,
      described?: ServiceDescription,
    ) {
      fail("recordImported");
      imports.push({
        imported: structuredClone(imported),
        summary: structuredClone(summary),
        ...(described ? { described: structuredClone(described) } : {}),
      });
    },
  };
  return { ledger, history, claims, timeline, outbox, imports };
}
