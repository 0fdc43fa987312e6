import type { ScalableTargets, ServiceGateway } from "../../engine/gateways.ts";
import { bindExecutor } from "../../engine/executors.ts";
import { scaleExecutors } from "./executor.ts";

/** The `scale` executor acting through these ports, as the engine binds it (for tools and tests). */
export const scaleExecutor = (ecs: ServiceGateway, targets: ScalableTargets | undefined) =>
  bindExecutor(scaleExecutors.scale, { ecs, scalableTargets: targets });
