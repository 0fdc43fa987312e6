import { deploymentStateChange, serviceAction } from "../../packages/sim/src/events/builders.ts";
import { recommend } from "../../packages/core/src/capabilities/right-sizing/recommend.ts";
import type { Recommendation } from "../../packages/core/src/capabilities/right-sizing/types.ts";
import { guardrails } from "./engine.ts";
import { fargateUsage, settings } from "./right-sizing.ts";
import { at, crash, history, ref, service } from "./rollout-scenario.ts";

// The console's scenario, played through the real ingest path into DynamoDB Local: prod/web's
// web:42 crashes three times and is rolled back to web:41; then Fargate Spot cannot place its
// tasks, it falls back to on-demand and returns 35 minutes later; two quieter services deploy
// cleanly. The right-sizing recommendation is computed from a usage series (its store is not
// wired yet, so the console gets it through its source function).

export const SPOT = [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }];
export const config = {
  policies: { "auto-rollback": { mode: "enforce" as const }, "spot-fallback": { mode: "enforce" as const } },
};
/** The Spot incident: placement failures from 10 minutes after T0, the return at +45 min. */
export const SPOT_FROM_S = 600;

export async function playConsoleScenario() {
  const g = await guardrails({ config, service: service({ capacityProviderStrategy: SPOT }) });
  for (const e of [...history(), crash(1), crash(2), crash(3)]) await g.send(e);
  await g.send(
    serviceAction({
      ...ref,
      eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
      reason: "RESOURCE:FARGATE",
      capacityProviders: ["FARGATE_SPOT"],
      time: at(SPOT_FROM_S),
    }),
  );
  for (let s = SPOT_FROM_S + 300; s <= SPOT_FROM_S + 2100; s += 300) await g.tick(at(s));
  for (const name of ["api", "cart"]) {
    const other = { cluster: name === "cart" ? "shop" : "prod", service: name };
    await g.send(
      deploymentStateChange({
        ...other,
        deploymentId: `ecs-svc/${name}1`,
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        time: at(30),
      }),
    );
    await g.send(
      deploymentStateChange({
        ...other,
        deploymentId: `ecs-svc/${name}1`,
        eventName: "SERVICE_DEPLOYMENT_COMPLETED",
        time: at(90),
      }),
    );
  }
  return g;
}

/** 2 tasks of 1 vCPU / 4 GB that use about a fifth of it: a recommendation to shrink. */
export function computedRecommendation(): Recommendation {
  return recommend(fargateUsage({ ref }), settings());
}
