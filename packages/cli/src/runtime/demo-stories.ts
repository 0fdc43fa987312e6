import type { ConfigInput } from "@ecs-guardrails/core/config/schema";
import { alarmStateChange } from "@ecs-guardrails/sim/events/builders";
import { HookReplayer } from "../replay/hooks.ts";
import { functionHookDeps } from "./functions.ts";
import type { LocalStack } from "./stack.ts";

// The demo's three other stories, beside the crash-loop rollbacks (demo.ts), each on a service
// of its own in the demo cluster:
// - demo/queue (Fargate Spot only): Spot capacity is gone from minute 2 to minute 9 (running
//   Spot tasks interrupted, replacements not placed); the guardrails move it to on-demand
//   FARGATE on the placement failure, and the reconcile moves it back after a 10-minute
//   cool-down (the default is 30, too long for the demo), once Spot is back;
// - demo/checkout: a healthy revision rolled out at minute 9, but its mapped CloudWatch alarm
//   checkout-5xx goes into ALARM at minute 10.5, during the deployment: the guardrails roll it back;
// - demo/cart (BLUE_GREEN): a revision rolled out at minute 15 with a Lambda lifecycle hook at
//   POST_SCALE_UP. The simulator runs no Lambda functions, so the demo plays ECS's part: it invokes
//   the guardrails' hook as ECS would, again after each callBackDelay, until the hook answers
//   SUCCEEDED (the revision stayed clean through the bake) or FAILED.

export const SPOT_SERVICE = "queue";
export const ALARM_SERVICE = "checkout";
export const ALARM_NAME = "checkout-5xx";
export const HOOK_SERVICE = "cart";

const MINUTE = 60_000;
const SPOT_OUTAGE = { from: 2 * MINUTE, to: 9 * MINUTE };
const ALARM_DEPLOY_AT = 9 * MINUTE;
const ALARM_AT = 10.5 * MINUTE;
const HOOK_DEPLOY_AT = 15 * MINUTE;
/** When the invocation first comes: once the new revision's tasks are up (POST_SCALE_UP). */
const HOOK_FIRST_CALL_AT = 16 * MINUTE;
/** ECS calls a hook again after the callBackDelay it answered; a bound keeps the demo finite. */
const HOOK_MAX_CALLS = 40;

type Override = NonNullable<ConfigInput["overrides"]>[number];

/** Spot fallback enforced for demo/queue with a short cool-down; demo/checkout's alarm mapped to it. */
export function storyOverrides(cluster: string): Override[] {
  return [
    {
      cluster,
      service: SPOT_SERVICE,
      policies: { "spot-fallback": { mode: "enforce", cooldownMinutes: 10 } },
    },
    { cluster, service: ALARM_SERVICE, policies: { "auto-rollback": { alarms: [ALARM_NAME] } } },
  ];
}

/** Registers the stories' services and schedules their deployments and the Spot outage. */
export function setUpStories(stack: LocalStack, cluster: string): void {
  const { sim } = stack;
  const start = sim.now();
  for (const family of [SPOT_SERVICE, ALARM_SERVICE, HOOK_SERVICE]) {
    sim.registerTaskDefinition({ family, cpu: 256, memory: 512 });
    sim.registerTaskDefinition({ family, cpu: 256, memory: 512 });
  }
  sim.addService({
    cluster,
    name: SPOT_SERVICE,
    taskDefinition: `${SPOT_SERVICE}:1`,
    desiredCount: 4,
    capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
    initial: "deploying",
  });
  sim.addSpotOutage({ start: start + SPOT_OUTAGE.from, end: start + SPOT_OUTAGE.to, interruptRunning: true });
  sim.addService({
    cluster,
    name: ALARM_SERVICE,
    taskDefinition: `${ALARM_SERVICE}:1`,
    desiredCount: 3,
    initial: "deploying",
  });
  sim.at(
    start + ALARM_DEPLOY_AT,
    () => void sim.updateService({ cluster, service: ALARM_SERVICE, taskDefinition: `${ALARM_SERVICE}:2` }),
  );
  sim.addService({
    cluster,
    name: HOOK_SERVICE,
    taskDefinition: `${HOOK_SERVICE}:1`,
    desiredCount: 3,
    deploymentConfiguration: { strategy: "BLUE_GREEN" },
    initial: "deploying",
  });
  sim.at(
    start + HOOK_DEPLOY_AT,
    () => void sim.updateService({ cluster, service: HOOK_SERVICE, taskDefinition: `${HOOK_SERVICE}:2` }),
  );
}

/** Something the demo does at a simulated time, beside the simulator's own events. */
export type Moment = { at: number; run: () => Promise<Moment[]> };

/** A lifecycle-hook answer, for the story's one line. */
export type HookStoryAnswer = { stage: string; hookStatus: string; reason: string; callBackDelay?: number };

/** The alarm going off, and the first hook invocation; each invocation may bring the next. */
export function storyMoments(
  stack: LocalStack,
  cluster: string,
  onHookAnswer: (service: string, answer: HookStoryAnswer) => void,
): Moment[] {
  const start = stack.clock.now();
  const alarm: Moment = {
    at: start + ALARM_AT,
    run: async () => {
      const time = new Date(stack.clock.now()).toISOString();
      await stack.deliver(
        alarmStateChange({
          alarmName: ALARM_NAME,
          state: "ALARM",
          time,
          reason: "5xx responses above 5% for 1 minute",
        }),
      );
      return [];
    },
  };
  const hooks = new HookReplayer(
    () => new Date(stack.clock.now()),
    (now) => functionHookDeps(stack.functions, now),
    stack.sim,
  );
  const executionId = "demo-cart-post-scale-up";
  const call = (n: number, at: number): Moment => ({
    at,
    run: async () => {
      const line = await hooks.answer(hookInvocation(stack, cluster, executionId), { index: n });
      onHookAnswer(HOOK_SERVICE, line);
      if (line.hookStatus !== "IN_PROGRESS" || n + 1 >= HOOK_MAX_CALLS) return [];
      return [call(n + 1, stack.clock.now() + (line.callBackDelay ?? 30) * 1000)];
    },
  });
  return [alarm, call(0, start + HOOK_FIRST_CALL_AT)];
}

/** What ECS sends the hook at POST_SCALE_UP, for demo/cart's newest service deployment. */
function hookInvocation(stack: LocalStack, cluster: string, executionId: string): Record<string, unknown> {
  const newest = stack.sim.listServiceDeployments({ cluster, service: HOOK_SERVICE }).serviceDeployments[0];
  const arn = newest?.serviceDeploymentArn ?? "";
  const sd = stack.sim.describeServiceDeployments({ serviceDeploymentArns: [arn] }).serviceDeployments[0];
  return {
    executionId,
    lifecycleStage: "POST_SCALE_UP",
    resourceArn: arn,
    executionDetails: {
      serviceArn: sd?.serviceArn,
      targetServiceRevisionArn: sd?.targetServiceRevision?.arn,
      testTrafficWeights: {},
      productionTrafficWeights: {},
    },
    hookDetails: {},
  };
}

/**
 * Advances the simulated clock by `ms`, running each moment when its time comes (and the ones
 * it brings); `onStep` is called after every step, as stack.advance calls it.
 */
export async function advanceWithMoments(
  stack: LocalStack,
  ms: number,
  moments: Moment[],
  onStep?: (now: number) => void,
): Promise<void> {
  const end = stack.clock.now() + ms;
  const queue = [...moments];
  for (;;) {
    queue.sort((a, b) => a.at - b.at);
    const next = queue[0];
    if (!next || next.at > end) break;
    queue.shift();
    if (next.at > stack.clock.now()) await stack.advance(next.at - stack.clock.now(), 1000, onStep);
    queue.push(...(await next.run()));
  }
  if (end > stack.clock.now()) await stack.advance(end - stack.clock.now(), 1000, onStep);
}
