import { z } from "zod";
import { SEVERITIES } from "../notifications/notice.ts";
import { POLICIES } from "../policies/registry.ts";
import { minutes } from "./policy-settings.ts";

// Configuration as code (README "Configuration"). Every setting has a safe default: policies
// start in observe mode, so a fresh install records and notifies what it would do but acts on
// nothing until a person switches a policy to enforce.

type Definitions = typeof POLICIES;
const bySettings = <K extends "full" | "override">(k: K) =>
  Object.fromEntries(Object.entries(POLICIES).map(([id, d]) => [id, d.settings[k]])) as { [P in keyof Definitions]: Definitions[P]["settings"][K] };

/** Every policy's settings, defaults filled in (composed from the policy registry). */
export const policiesSettings = z.strictObject(bySettings("full")).prefault({});

/** Per-cluster/per-service overrides: any policy setting, matched by name globs. */
const policyOverrides = z.strictObject(bySettings("override"));

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
export type { AutoRollbackSettings } from "../policies/auto-rollback/settings.ts";
export type { SpotFallbackSettings } from "../policies/spot-fallback/settings.ts";
export type PolicySettings = GuardrailsConfig["policies"];
