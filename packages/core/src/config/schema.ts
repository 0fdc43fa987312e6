import { z } from "zod";
import { FAILURE_CLASSES } from "../events/stop-class.ts";
import { SEVERITIES } from "../notifications/notice.ts";
import { MODES } from "../policies/ids.ts";

// Configuration as code (README "Configuration"). Every setting has a safe default: policies
// start in observe mode, so a fresh install records and notifies what it would do but acts on
// nothing until a person switches a policy to enforce.

const mode = z.enum(MODES);
const minutes = z.number().positive();

// Each policy's settings are declared once without defaults; the full schema adds the
// defaults and the override schema makes every key optional. (A zod default inside a partial
// schema would still fill in, and an override would silently reset keys it never named.)

const autoRollbackShape = {
  mode,
  /** Failures of the new revision that trigger a rollback. */
  failureThreshold: z.number().int().min(1),
  /** If set, the threshold is this percentage of the desired count (at least 1). */
  failurePercent: z.number().gt(0).max(100).optional(),
  failureClasses: z.array(z.enum(FAILURE_CLASSES)).min(1),
  /** After a deployment completes, failures still count for this long. */
  bakeMinutes: z.number().min(0),
  onDeploymentFailed: z.boolean(),
  onTaskStartImpaired: z.boolean(),
  /** CloudWatch alarm names that mean "this service is unhealthy". */
  alarms: z.array(z.string().min(1)),
  /** Also roll back for a mapped alarm already in ALARM when the deployment started (ECS ignores those). */
  includeAlarmsAlreadyFiring: z.boolean(),
};
const autoRollbackDefaults = {
  mode: "observe",
  failureThreshold: 3,
  failureClasses: [...FAILURE_CLASSES],
  bakeMinutes: 10,
  onDeploymentFailed: true,
  onTaskStartImpaired: true,
  alarms: [],
  includeAlarmsAlreadyFiring: false,
} as const;

const spotFallbackShape = {
  mode,
  onPlacementFailure: z.boolean(),
  interruptionStorm: z.strictObject({ count: z.number().int().min(1), windowMinutes: minutes }),
  /** Below desired count this long while depending on Spot → fall back (checked by the reconcile). */
  belowDesiredGraceMinutes: minutes,
  cooldownMinutes: minutes,
  maxBackoffMinutes: minutes,
  /** Tasks kept on FARGATE when returning, before the full Spot strategy is restored. */
  stagedReturnBase: z.number().int().min(0),
};
const spotFallbackDefaults = {
  mode: "observe",
  onPlacementFailure: true,
  interruptionStorm: { count: 3, windowMinutes: 10 },
  belowDesiredGraceMinutes: 10,
  cooldownMinutes: 30,
  maxBackoffMinutes: 240,
  stagedReturnBase: 0,
} as const;

const simpleShape = { mode };
const simpleDefaults = { mode: "observe" } as const;

function withDefaults<S extends z.ZodRawShape>(shape: S, defaults: Record<string, unknown>) {
  const filled = Object.fromEntries(Object.entries(shape).map(([k, t]) => [k, k in defaults ? (t as z.ZodType).default(defaults[k] as never) : t]));
  // prefault: an absent object is parsed as {}, so each key's own default fills it in.
  return z.strictObject(filled as { [K in keyof S]: z.ZodDefault<S[K]> }).prefault({} as never);
}

export const autoRollbackSettings = withDefaults(autoRollbackShape, autoRollbackDefaults);
export const spotFallbackSettings = withDefaults(spotFallbackShape, spotFallbackDefaults);
const simplePolicy = withDefaults(simpleShape, simpleDefaults);

export const policiesSettings = z
  .strictObject({
    "auto-rollback": autoRollbackSettings,
    "spot-fallback": spotFallbackSettings,
    "right-sizing": simplePolicy,
    "scheduled-scaling": simplePolicy,
  })
  .prefault({});

/** Per-cluster/per-service overrides: any policy setting, matched by name globs. */
const policyOverrides = z.strictObject({
  "auto-rollback": z.strictObject(autoRollbackShape).partial().optional(),
  "spot-fallback": z.strictObject(spotFallbackShape).partial().optional(),
  "right-sizing": z.strictObject(simpleShape).partial().optional(),
  "scheduled-scaling": z.strictObject(simpleShape).partial().optional(),
});

export const configSchema = z.strictObject({
  /** Global kill switch: when true no policy acts anywhere (decisions are still recorded). */
  killSwitch: z.boolean().default(false),
  scope: z
    .strictObject({
      clusters: z.array(z.string().min(1)).min(1).default(["*"]),
      services: z.array(z.string().min(1)).min(1).default(["*"]),
      exclude: z.array(z.string().min(1)).default([]),
    })
    .default({ clusters: ["*"], services: ["*"], exclude: [] }),
  notifications: z.strictObject({ minSeverity: z.enum(SEVERITIES).default("info") }).default({ minSeverity: "info" }),
  guards: z
    .strictObject({
      /** At most this many automatic actions per service within the window. */
      maxActionsPerService: z.number().int().min(1).default(3),
      rateWindowMinutes: minutes.default(60),
      /** How long a service's action lock is held before another invocation may take it over. */
      lockSeconds: z.number().int().min(5).default(120),
    })
    .default({ maxActionsPerService: 3, rateWindowMinutes: 60, lockSeconds: 120 }),
  history: z.strictObject({ ttlDays: z.number().int().min(1).default(90) }).default({ ttlDays: 90 }),
  policies: policiesSettings,
  overrides: z
    .array(z.strictObject({ cluster: z.string().min(1).default("*"), service: z.string().min(1).default("*"), policies: policyOverrides }))
    .default([]),
});

export type GuardrailsConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type AutoRollbackSettings = z.output<typeof autoRollbackSettings>;
export type SpotFallbackSettings = z.output<typeof spotFallbackSettings>;
export type PolicySettings = GuardrailsConfig["policies"];
