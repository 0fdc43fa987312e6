// What the policy needs from Application Auto Scaling: the engine's port (engine/ports.ts),
// since the engine reads the scalable target into snapshots too.

export type { RangeChange, ScalableTargets, ScalingPolicySummary } from "../../engine/ports.ts";
