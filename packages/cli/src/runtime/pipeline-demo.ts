import type { LocalStack } from "./stack.ts";
import { runRelease, type Release, type ReleaseRun } from "./pipeline-run.ts";

// The demo's CodePipeline part, after the ECS part: two releases of demo/shop through the local
// CodePipeline endpoint — gate → deploy (UpdateService on the simulated ECS) → verify with
// continuation tokens. shop:2 is healthy and passes; shop:3 crashes 20 s after start, the
// guardrails roll it back, and verify fails, saying why.

export const PIPELINE_DEMO_MS = 16 * 60_000;
export const PIPELINE_DEMO_SERVICE = "shop";

/** Called with the rest of the demo's set-up: the service's first revision rolls out early. */
export function setUpPipelineDemo(stack: LocalStack, cluster: string): void {
  const { sim } = stack;
  for (let i = 0; i < 3; i++) sim.registerTaskDefinition({ family: PIPELINE_DEMO_SERVICE, cpu: 256, memory: 512 });
  sim.setFault({ taskDefinition: `${PIPELINE_DEMO_SERVICE}:3` }, { kind: "crash", afterSeconds: 20, exitCode: 1 });
  sim.addService({
    cluster,
    name: PIPELINE_DEMO_SERVICE,
    taskDefinition: `${PIPELINE_DEMO_SERVICE}:1`,
    desiredCount: 10,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      minimumHealthyPercent: 100,
      maximumPercent: 130,
    },
    initial: "deploying",
  });
}

export async function runPipelineDemo(
  stack: LocalStack,
  cluster: string,
  line: (text: string) => void,
): Promise<ReleaseRun[]> {
  const start = stack.clock.now();
  const release = (n: number, revision: number): Release => ({
    pipeline: "shop-release",
    executionId: `5e1ea5e${n}-0000-4000-8000-00000000000${n}`,
    cluster,
    service: PIPELINE_DEMO_SERVICE,
    taskDefinition: `${PIPELINE_DEMO_SERVICE}:${revision}`,
    commitId: n === 1 ? "4f2a9c1" : "b7e03d8",
    branch: "main",
    bakeMinutes: 3,
    pollMs: 30_000,
  });
  const runs: ReleaseRun[] = [];
  for (const [n, revision] of [
    [1, 2],
    [2, 3],
  ] as const) {
    const r = release(n, revision);
    line(
      `pipeline ${r.pipeline} execution ${r.executionId} (commit ${r.commitId} on ${r.branch}): gate → deploy ${r.taskDefinition} → verify`,
    );
    const run = await runRelease(stack, r);
    runs.push(run);
    line(describeRun(r, run));
  }
  const left = PIPELINE_DEMO_MS - (stack.clock.now() - start);
  if (left > 0) await stack.advance(left);
  return runs;
}

function describeRun(r: Release, run: ReleaseRun): string {
  const gate = run.gate.final;
  const gateText =
    gate?.outcome === "success"
      ? `gate ${gate.outputVariables?.["gate"] ?? "passed"}`
      : `gate FAILED: ${gate?.outcome === "failure" ? gate.failureDetails.message : "no answer"}`;
  if (!run.verify) return `  ✗ ${r.pipeline} (${r.commitId}): ${gateText}`;
  const final = run.verify.final;
  const polls = `${run.verify.results.length} verify invocations (${run.verify.results.length - 1} continuation tokens)`;
  if (final?.outcome === "success") return `  ✓ ${r.pipeline} (${r.commitId}): ${gateText}; ${polls}; SUCCEEDED`;
  return `  ✗ ${r.pipeline} (${r.commitId}): ${gateText}; ${polls}; FAILED — ${final?.outcome === "failure" ? final.failureDetails.message : "no answer"}`;
}
