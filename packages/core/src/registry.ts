import { autoRollbackDefinition } from "./capabilities/auto-rollback/index.ts";
import { scheduledScaling, scheduledScalingDefinition } from "./capabilities/scheduled-scaling/index.ts";
import { rightSizingDefinition } from "./capabilities/right-sizing/index.ts";
import { spotFallbackDefinition } from "./capabilities/spot-fallback/index.ts";
import { deployStageDefinition } from "./capabilities/deploy-stage/index.ts";
import { deploymentHookDefinition } from "./capabilities/deployment-hook/index.ts";
import { pauseHookDefinition } from "./capabilities/pause-hook/index.ts";
import { chatCommandDefinition } from "./capabilities/chat-command/index.ts";
import { pausePersonCommands } from "./capabilities/pause-hook/person.ts";
import { spotPersonCommands } from "./capabilities/spot-fallback/person.ts";
import { deployStagePersonCommands } from "./capabilities/deploy-stage/person.ts";
import type { ActionExecutor } from "./engine/ports.ts";
import type { DecisionVerdict, PersonCommand, Policy, PolicyDefinition, SectionDefinition } from "./engine/policy.ts";
import type { Action, Decision } from "./model/decision.ts";
import type { Severity } from "./notifications/notice.ts";
import type { Snapshot } from "./model/snapshot.ts";
import type { EvidenceOf } from "./history/observe-evidence.ts";
import { rollbackEvidence } from "./capabilities/auto-rollback/evidence.ts";
import { fallbackEvidence, restoreEvidence } from "./capabilities/spot-fallback/evidence.ts";
import { scaleEvidence } from "./capabilities/scheduled-scaling/evidence.ts";
import { autoRollbackSettings } from "./capabilities/auto-rollback/settings.ts";
import { spotFallbackSettings } from "./capabilities/spot-fallback/settings.ts";
import { rightSizingSettings } from "./capabilities/right-sizing/settings.ts";
import { scheduledScalingSettings } from "./capabilities/scheduled-scaling/settings.ts";
import { pauseHookSettings } from "./capabilities/pause-hook/settings.ts";
import { deploymentHookSettings } from "./capabilities/deployment-hook/settings.ts";
import { pipelineSettingsSchema } from "./capabilities/deploy-stage/settings.ts";
import { chatSettingsSchema } from "./capabilities/chat-command/settings.ts";

// Every capability, by id: its tag parameters, its decisions and its actions with their
// executors; its settings' zod schemas in a table of their own (POLICY_SETTINGS,
// SECTION_SCHEMAS), read by the config schema only, so a function that parses no configuration
// (it reads the deploy step's validated file) leaves them and zod out of its bundle (issue 19;
// core's package.json lists the modules with import-time side effects). The config schema,
// settings resolution and the engine are composed from these tables, and the ids, the action
// union and the executors' type derive from them, so adding a capability is its folder plus
// its lines here (definition and settings).

/** Each entry's key is its id. */
const registry = <R extends { [K in keyof R]: PolicyDefinition<never> & { id: K } }>(r: R) => r;

export const POLICIES = registry({
  "auto-rollback": autoRollbackDefinition,
  "spot-fallback": spotFallbackDefinition,
  "right-sizing": rightSizingDefinition,
  "scheduled-scaling": scheduledScalingDefinition,
  "pause-hook": pauseHookDefinition,
});

/** The capabilities that own a top-level section of the configuration, by its key. */
export const SECTIONS = {
  deploymentHook: deploymentHookDefinition,
  pipeline: deployStageDefinition,
  chat: chatCommandDefinition,
} as const;

/** Each policy's settings schemas (config/policy-settings.ts defineSettings), by id: the config schema's. */
export const POLICY_SETTINGS = {
  "auto-rollback": autoRollbackSettings,
  "spot-fallback": spotFallbackSettings,
  "right-sizing": rightSizingSettings,
  "scheduled-scaling": scheduledScalingSettings,
  "pause-hook": pauseHookSettings,
} as const satisfies { [K in keyof typeof POLICIES]: unknown };

/** Each section's schema, by its key: the config schema's. */
export const SECTION_SCHEMAS = {
  deploymentHook: deploymentHookSettings,
  pipeline: pipelineSettingsSchema,
  chat: chatSettingsSchema,
} as const satisfies { [K in keyof typeof SECTIONS]: unknown };

type Definitions = typeof POLICIES;

/** Policy ids, as used in configuration, tags, history and CLI output. */
export type PolicyId = keyof Definitions;
export const POLICY_IDS = Object.keys(POLICIES) as readonly PolicyId[];

type ExecutorsOf<D> = D extends { executors: infer E } ? E : never;
type Intersect<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every action type with its executor. */
export type Executors = Intersect<ExecutorsOf<Definitions[PolicyId]>>;

/** Every action a decision may ask for: the union of the capabilities' own action types. */
export type ActionRequest = {
  [T in keyof Executors]: Executors[T] extends ActionExecutor<infer A> ? A : never;
}[keyof Executors];

/** Every capability's executors, by action type (engine/executors.ts makes their changes through the function's ports). */
export const EXECUTORS = Object.assign(
  {},
  ...Object.values(POLICIES).map((d: PolicyDefinition<never>) => d.executors ?? {}),
) as Executors;

/** A policy that decides something, as the engine runs it. */
export type RegisteredPolicy = { id: PolicyId; policy: Policy<unknown> };

/** A policy's settings are the engine's to pass, from the settings it resolved for the service: a Policy<S> runs as a Policy<unknown> (its methods take what they were given). */
export const eventPolicies: RegisteredPolicy[] = Object.values(POLICIES).flatMap((d: PolicyDefinition<never>) =>
  d.policy ? [{ id: d.id as PolicyId, policy: d.policy as Policy<unknown> }] : [],
);

/**
 * The tick parts: a capability whose definition lists a light policy (what events need) names
 * here the whole policy the reconcile runs, so that the ingest's bundle, which never ticks,
 * leaves the tick and its maths out (issue 19). Adding a capability with heavy tick code is its
 * folder, its line above and its line here.
 */
const TICK_PARTS: Partial<Record<PolicyId, Policy<never>>> = { "scheduled-scaling": scheduledScaling };

/**
 * The policies as the reconcile runs them: each with its tick parts. Marked pure so that a
 * bundle that never ticks (the ingest) drops it, and the tick parts with it.
 */
export const tickingPolicies: RegisteredPolicy[] = /* @__PURE__ */ eventPolicies.map((p) => ({
  id: p.id,
  policy: (TICK_PARTS[p.id] as Policy<unknown> | undefined) ?? p.policy,
}));

/**
 * A capability's view of its stored state for this snapshot, by name (PolicyDefinition's
 * `views`); undefined when the capability or view does not exist.
 */
export const stateOf =
  (snapshot: Snapshot) =>
  (capability: string, view: string): unknown =>
    (POLICIES as Record<string, PolicyDefinition<never>>)[capability]?.views?.[view]?.(
      snapshot.state?.policies[capability] as Record<string, unknown> | undefined,
    );

/** Each action type's presentation, from the capability that defines it. */
const presenters = Object.fromEntries(
  Object.values(POLICIES).flatMap((d: PolicyDefinition<never>) => Object.entries(d.present?.actions ?? {})),
);

/**
 * What followed an observed action, by action type, as its capability reads the history (the
 * observe report, history/observe-evidence.ts). A table of its own, like TICK_PARTS, so that the
 * bundles that never report (ingest, reconcile) drop it. Adding a capability that acts is one line here.
 */
const EVIDENCE: Readonly<Record<string, EvidenceOf>> = {
  rollback: rollbackEvidence,
  "capacity-fallback": fallbackEvidence,
  "capacity-restore": restoreEvidence,
  scale: scaleEvidence,
};
export const evidenceOf = (action: Action): EvidenceOf | undefined => EVIDENCE[action.type];

/** The fields replay's JSON line shows of an action (its capability's `present`). */
export const actionFields = (action: Action): Record<string, unknown> => presenters[action.type]?.fields(action) ?? {};

/**
 * The severity the console shows a recorded decision with when the record kept none: its
 * action's, else its capability's, else info.
 */
export function presentedSeverity(policy: string, action: Action | undefined): Severity {
  const byAction = action ? presenters[action.type]?.severity : undefined;
  return byAction ?? (POLICIES as Record<string, PolicyDefinition<never>>)[policy]?.present?.severity ?? "info";
}

/** The kind of chat notice a recorded decision is (its capability's `offers`), if it offers a person anything. */
export function offerOf(decision: Decision, verdict: DecisionVerdict): string | undefined {
  return (POLICIES as Record<string, PolicyDefinition<never>>)[decision.policy]?.offers?.(decision, verdict);
}

/**
 * What a person may ask of a capability from chat, by command name (PersonCommand): like the
 * tick parts, apart from the definitions, so that only the chat command function's bundle
 * carries them. Adding one is the capability's file and its line here.
 */
const PERSON_COMMANDS: Partial<Record<PolicyId | SectionId, Readonly<Record<string, PersonCommand>>>> = {
  "pause-hook": pausePersonCommands,
  "spot-fallback": spotPersonCommands,
  "deploy-stage": deployStagePersonCommands,
};

type SectionId = (typeof SECTIONS)[keyof typeof SECTIONS]["id"];

/** The capability that answers a person's chat command, by the command's name, with its id. */
export function personCommand(name: string): { id: PolicyId | SectionId; command: PersonCommand } | undefined {
  for (const [id, commands] of Object.entries(PERSON_COMMANDS)) {
    if (commands && Object.hasOwn(commands, name)) return { id: id as PolicyId | SectionId, command: commands[name]! };
  }
  return undefined;
}

type Holder = { id: string; holdsActions: NonNullable<SectionDefinition<never>["holdsActions"]> };

/** The sections whose stored state may hold a service's automatic actions (engine/action-holds.ts). */
export const actionHolders = (): Holder[] =>
  (Object.values(SECTIONS) as SectionDefinition<never>[]).flatMap((d) =>
    d.holdsActions ? [{ id: d.id, holdsActions: d.holdsActions }] : [],
  );
