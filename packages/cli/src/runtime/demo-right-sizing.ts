import type { UsageProfile } from "@ecs-guardrails/sim/usage";
import type { RightSizeResult } from "@ecs-guardrails/core/capabilities/right-sizing/right-size";
import { explainLines } from "@ecs-guardrails/core/capabilities/right-sizing/texts";
import { DEMO_CLUSTER } from "./demo.ts";
import type { LocalStack } from "./stack.ts";

// The demo's right-sizing part: two more services whose tasks use CPU and memory as the
// simulator's usage profiles say, for the last 14 days, served over the local CloudWatch
// endpoint. After the demo the right-sizing function runs once and its two recommendations
// are printed:
// - demo/reports: 2 vCPU / 8 GB with a daily peak and spikes that never pass a quarter of it:
//   over-provisioned;
// - demo/thumbnails: 0.5 vCPU / 1 GB whose memory leaks to the limit and is killed, over and
//   over: under-provisioned (OOM-prone).

export const RIGHT_SIZING_DEMO_SERVICES = ["reports", "thumbnails"] as const;

const PROFILES: Record<
  (typeof RIGHT_SIZING_DEMO_SERVICES)[number],
  UsageProfile & { cpuUnits: number; memoryMiB: number }
> = {
  reports: {
    tasks: 2,
    cpuUnits: 2048,
    memoryMiB: 8192,
    cpu: { low: 4, high: 16, peakHourUtc: 14 },
    memory: { low: 15, high: 22 },
    spikes: { everyHours: 6, minutes: 3, cpu: 25 },
    noise: 2,
  },
  thumbnails: {
    tasks: 2,
    cpuUnits: 512,
    memoryMiB: 1024,
    cpu: { low: 20, high: 45, peakHourUtc: 9 },
    memory: { low: 45, high: 45 },
    leakPercentPerHour: 8,
    noise: 1,
  },
};

export function setUpRightSizingDemo(stack: LocalStack): void {
  for (const name of RIGHT_SIZING_DEMO_SERVICES) {
    const profile = PROFILES[name];
    stack.sim.registerTaskDefinition({ family: name, cpu: profile.cpuUnits, memory: profile.memoryMiB });
    stack.sim.addService({
      cluster: DEMO_CLUSTER,
      name,
      taskDefinition: `${name}:1`,
      desiredCount: profile.tasks,
      initial: "deploying",
    });
    stack.usage.setProfile({ cluster: DEMO_CLUSTER, service: name }, profile);
  }
}

/** Runs the right-sizing function once and returns the demo services' recommendations, explained. */
export async function rightSizingDemoLines(stack: LocalStack): Promise<string[]> {
  const result = (await stack.rightSize("run")) as RightSizeResult;
  return RIGHT_SIZING_DEMO_SERVICES.flatMap((name) => {
    const found = result.recommendations.find(
      (r) => r.recommendation.ref.cluster === DEMO_CLUSTER && r.recommendation.ref.service === name,
    );
    return found
      ? explainLines(found.recommendation).map((line, i) => (i === 0 ? `  ${line}` : `      ${line}`))
      : [
          `  ${DEMO_CLUSTER}/${name}: no recommendation (${result.failures.find((f) => f.service === name)?.error ?? "not found"})`,
        ];
  });
}
