import { hookStateChange } from "../../packages/sim/src/events/hook-state-change.ts";
import { faultMatrix } from "./matrix.ts";
import { at, crash, deploymentHistory, input, ref, service } from "./rollback-service.ts";
import type { Observed } from "./world.ts";

// web:42 (BLUE_GREEN) crashes three times, then ECS pauses its deployment at
// POST_TEST_TRAFFIC_SHIFT: the pause hook answers ROLLBACK, exactly once, whatever fails —
// a fault is retried (Lambda, then the reconcile's ticks) and never turns into an answer of
// its own. The hook expires an hour later: time is left for every retry.

const ARN = "arn:aws:ecs:us-east-1:111122223333:service-deployment/prod/web/Zx7ShTvPLabsjYHmB3Qs2";
const HOOK = "ecs-pause-e7tK9G_WRJqNF_EOMjztDXfKenlJuEUVjsNStf4WLKw";
const EXPIRES = at(200 + 3600);

await faultMatrix({
  id: "pause-hook-rollback",
  title: "Pause hook: a crashing revision paused at a stage is answered ROLLBACK once",
  // Auto-rollback judges with its settings but stays off: the matrix is about the pause hook.
  config: { policies: { "pause-hook": { mode: "enforce" }, "auto-rollback": { mode: "off" } } },
  service: service({
    strategy: "BLUE_GREEN",
    serviceDeployments: [
      {
        serviceDeploymentArn: ARN,
        serviceArn: "arn:aws:ecs:us-east-1:111122223333:service/prod/web",
        clusterArn: "arn:aws:ecs:us-east-1:111122223333:cluster/prod",
        status: "IN_PROGRESS",
        lifecycleStage: "POST_TEST_TRAFFIC_SHIFT",
        lifecycleHookDetails: [
          {
            hookId: HOOK,
            targetType: "PAUSE",
            status: "AWAITING_ACTION",
            expiresAt: new Date(EXPIRES),
            timeoutAction: "CONTINUE",
          },
        ],
      },
    ],
  }),
  inputs: [
    ...deploymentHistory(),
    crash(1),
    crash(2),
    crash(3),
    input(
      "paused at POST_TEST_TRAFFIC_SHIFT",
      hookStateChange({
        ...ref,
        region: "us-east-1",
        serviceDeploymentArn: ARN,
        serviceRevisionArn: "arn:aws:ecs:us-east-1:111122223333:service-revision/prod/web/42",
        hookId: HOOK,
        lifecycleStage: "POST_TEST_TRAFFIC_SHIFT",
        status: "AWAITING_ACTION",
        expiresAt: EXPIRES,
        timeoutAction: "CONTINUE",
        time: at(200),
      }),
    ),
  ],
  truths: answeredRollbackOnce,
});

function answeredRollbackOnce(run: Observed): string[] {
  const out: string[] = [];
  const answers = run.continues.map((c) => `${c.hookId} ${c.action}`);
  if (answers.length !== 1 || answers[0] !== `${HOOK} ROLLBACK`)
    out.push(`ECS took ${answers.length} answer(s) [${answers.join(" | ")}], expected one ROLLBACK`);
  const hook = run.ecs.serviceDeployments?.[0]?.lifecycleHookDetails?.[0];
  if (hook?.status !== "FAILED") out.push(`the hook is ${hook?.status ?? "gone"}, not FAILED (rolled back)`);
  const bad = run.deployments.find((d) => d.deploymentId === "ecs-svc/2");
  if (bad?.rolledBackBy !== "guardrails:pause-hook")
    out.push(`ecs-svc/2 is rolled back by ${bad?.rolledBackBy ?? "nobody"}, not guardrails:pause-hook`);
  return out;
}
