// npm run bench -- --rightsizing-run [--services 100] [--json]
// The scheduled right-sizing run as deployed code runs it, at scale: the use case with the real
// adapters and SDK clients against DynamoDB Local and the local endpoints (ECS simulator,
// CloudWatch GetMetricData from the simulator's usage, Application Auto Scaling), N services ×
// 14 days of 1-minute data. Counts every request by operation and times the run; then a second
// run (nothing changed: nothing announced) and the weekly digest.
import { parseArgs } from "node:util";
import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ECSClient } from "@aws-sdk/client-ecs";
import { AppAutoScalingTargets } from "../packages/aws/src/autoscaling/scalable-targets.ts";
import { CloudWatchMetricReader } from "../packages/aws/src/cloudwatch/metric-reader.ts";
import { EcsClusterSettings } from "../packages/aws/src/ecs/cluster-settings.ts";
import { EcsServiceGateway } from "../packages/aws/src/ecs/service-gateway.ts";
import { EcsTaskDefinitions } from "../packages/aws/src/ecs/task-definitions.ts";
import { DynamoHistoryStore } from "../packages/aws/src/history/dynamo-history-store.ts";
import { DynamoRecommendationStore } from "../packages/aws/src/history/recommendation-store.ts";
import { parseConfig } from "../packages/core/src/config/load.ts";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "../packages/sim/src/dynamodb/embedded.ts";
import { LOCAL_TABLE, startStack } from "../packages/cli/src/runtime/stack.ts";
import type { UsageProfile } from "../packages/sim/src/usage.ts";
import { rightSizeServices, type RightSizeDeps } from "../packages/core/src/capabilities/right-sizing/right-size.ts";

const { values: args } = parseArgs({
  options: {
    "rightsizing-run": { type: "boolean" },
    services: { type: "string", default: "100" },
    json: { type: "boolean", default: false },
  },
});
const N = Number(args.services);
const log = (line: string) => args.json || process.stderr.write(`${line}\n`);
const NOW = Date.parse("2026-12-01T00:00:00Z");

const requests: Record<string, number> = {};
function counted<C extends { middlewareStack: { add: (...a: never[]) => void } }>(service: string, client: C): C {
  (client.middlewareStack as unknown as { add: (m: unknown, o: unknown) => void }).add(
    (next: (a: unknown) => unknown, context: { commandName?: string }) => (a: unknown) => {
      const name = `${service} ${String(context.commandName).replace(/Command$/, "")}`;
      requests[name] = (requests[name] ?? 0) + 1;
      return next(a);
    },
    { step: "initialize", name: "countRequests" },
  );
  return client;
}

log(`starting DynamoDB Local and the local endpoints; ${N} services…`);
const stack = await startStack({ config: parseConfig({}), start: NOW, simulatorEmits: false });
try {
  for (let i = 0; i < N; i++) {
    const name = `svc-${i}`;
    const profile: UsageProfile = {
      tasks: 1 + (i % 3),
      cpuUnits: 1024,
      memoryMiB: 4096,
      cpu: { low: 4, high: 20 + (i % 7), peakHourUtc: i % 24 },
      memory: { low: 18, high: 30 },
      spikes: { everyHours: 6, minutes: 2, cpu: 70 },
      noise: 3,
      ...(i % 10 === 5 ? { leakPercentPerHour: 8 } : {}),
    };
    stack.sim.registerTaskDefinition({ family: name, cpu: profile.cpuUnits, memory: profile.memoryMiB });
    stack.sim.addService({ cluster: "prod", name, taskDefinition: `${name}:1`, desiredCount: profile.tasks });
    stack.usage.setProfile({ cluster: "prod", service: name }, profile);
  }
  const local = { endpoint: stack.endpoints.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const dynamo = counted("DynamoDB", stack.dynamo.client);
  const ecs = counted("ECS", new ECSClient(local));
  const deps: RightSizeDeps = {
    config: parseConfig({}),
    ecs: new EcsServiceGateway(ecs),
    clusters: new EcsClusterSettings(ecs),
    taskDefinitions: new EcsTaskDefinitions(ecs),
    scaling: new AppAutoScalingTargets(counted("ApplicationAutoScaling", new ApplicationAutoScalingClient(local))),
    metrics: new CloudWatchMetricReader({ client: counted("CloudWatch", new CloudWatchClient(local)) }),
    history: new DynamoHistoryStore({ client: dynamo, tableName: LOCAL_TABLE }),
    recommendations: new DynamoRecommendationStore({ client: dynamo, tableName: LOCAL_TABLE }),
    clock: { now: () => new Date(NOW) },
  };
  const timed = async () => {
    for (const k of Object.keys(requests)) delete requests[k];
    const t = performance.now();
    const cpu = process.cpuUsage();
    const result = await rightSizeServices(deps);
    const used = process.cpuUsage(cpu);
    return {
      result,
      seconds: (performance.now() - t) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
      requests: { ...requests },
    };
  };
  const first = await timed();
  const second = await timed();
  const out = {
    services: N,
    first: {
      seconds: round(first.seconds),
      cpuSecondsInProcess: round(first.cpuSeconds),
      announced: first.result.recommendations.filter((r) => r.announced).length,
      failures: first.result.failures.length,
      plans: first.result.plans,
      requests: first.requests,
    },
    second: {
      seconds: round(second.seconds),
      announced: second.result.recommendations.filter((r) => r.announced).length,
      requests: second.requests,
    },
  };
  if (args.json) console.log(JSON.stringify(out));
  else {
    console.log(
      `right-sizing run: ${N} services × 14 days of 1-minute data, through the adapters against the local endpoints`,
    );
    console.log(
      `  first run   ${out.first.seconds} s wall (${out.first.cpuSecondsInProcess} s CPU in this process, the simulated CloudWatch included); ${out.first.announced} announced, ${out.first.failures} failed`,
    );
    console.log(`  plan        ${JSON.stringify(out.first.plans)}`);
    console.log(`  requests    ${JSON.stringify(out.first.requests)}`);
    console.log(
      `  second run  ${out.second.seconds} s; ${out.second.announced} announced; requests ${JSON.stringify(out.second.requests)}`,
    );
  }
} finally {
  await stack.stop();
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
