import * as z from "../zod.ts";
import { SEVERITIES } from "../notifications/notice.ts";
import { POLICY_SETTINGS, SECTION_SCHEMAS } from "../registry.ts";
import { count, minutes } from "./policy-settings.ts";

// Configuration as code (docs/configuration.md). Every setting has a safe default: policies
// start in observe mode, so a fresh install records and notifies what it would do but acts on
// nothing until a person switches a policy to enforce.

type Settings = typeof POLICY_SETTINGS;
const bySettings = <K extends "full" | "override">(k: K) =>
  Object.fromEntries(Object.entries(POLICY_SETTINGS).map(([id, d]) => [id, d[k]])) as {
    [P in keyof Settings]: Settings[P][K];
  };

/** Every policy's settings, defaults filled in (composed from the policy registry). */
export const policiesSettings = z.prefault(z.strictObject(bySettings("full")), {});

const sections = SECTION_SCHEMAS;

/** Per-cluster/per-service overrides: any policy setting, matched by name globs. */
const policyOverrides = z.strictObject(bySettings("override"));

const name = z.string().check(z.minLength(1));
const globs = z.array(name).check(z.minLength(1));

// Where a rule applies besides clusters and services (issue 23). Each id is checked on its own,
// so a typo fails `config validate` naming its key instead of silently matching nothing.
// "home" is the account (or Region) the guardrails run in; a glob must hold `*` or `?`.
const accountGlob = z
  .string()
  .check(
    z.regex(/^(home|\d{12}|[\d*?]*[*?][\d*?]*)$/, "an account id is 12 digits, a glob of digits, * and ?, or home"),
  );
const regionGlob = z
  .string()
  .check(
    z.regex(
      /^(home|[a-z]{2}(-[a-z]+)+-\d{1,2}|[a-z\d*?-]*[*?][a-z\d*?-]*)$/,
      "a Region is lowercase like eu-west-1, a glob of one with * and ?, or home",
    ),
  );
/** Organizations' ids (no globs: they are opaque): an OU, or the root, which holds every account. */
const ouId = z
  .string()
  .check(
    z.regex(
      /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/,
      "an OU id is ou- and two groups of lowercase letters and digits (ou-ab12-cdef3456), a root id r-ab12",
    ),
  );
const places = {
  accounts: z.optional(z.array(accountGlob).check(z.minLength(1))),
  regions: z.optional(z.array(regionGlob).check(z.minLength(1))),
  organizationalUnits: z.optional(z.array(ouId).check(z.minLength(1))),
};

export const configSchema = z.strictObject({
  /** The JSON Schema an editor checks the file against (guardrails.schema.json); ignored here. */
  $schema: z.optional(z.string()),
  /** Notes for people (guardrails.example.json writes its observe-first path here); ignored here. */
  $comment: z.optional(z.union([z.string(), z.array(z.string())])),
  /** Global kill switch: when true no policy acts anywhere (decisions are still recorded). */
  killSwitch: z._default(z.boolean(), false),
  scope: z._default(
    z.strictObject({
      clusters: z._default(globs, ["*"]),
      services: z._default(globs, ["*"]),
      exclude: z._default(z.array(name), []),
      /**
       * Behind a hub: the member account ids (globs), Regions and OUs looked after; "home" is
       * the account and Region the guardrails run in. A single-account install needs none.
       */
      ...places,
    }),
    { clusters: ["*"], services: ["*"], exclude: [] },
  ),
  /**
   * A hub's member accounts (docs/design/accounts.md): the reconcile and right-sizing look at
   * each one's Regions with the member role it assumes there. Absent: one account, as before.
   */
  organization: z.optional(
    z.strictObject({
      memberRoleName: z._default(name, "ecs-guardrails-member"),
      members: z._default(
        z.array(
          z.strictObject({
            account: z.string().check(z.regex(/^\d{12}$/, "an account id is 12 digits")),
            /** The member's Regions by name; absent: the hub's own Region. */
            regions: z.optional(globs),
          }),
        ),
        [],
      ),
    }),
  ),
  notifications: z._default(z.strictObject({ minSeverity: z._default(z.enum(SEVERITIES), "info") }), {
    minSeverity: "info",
  }),
  guards: z._default(
    z.strictObject({
      /** At most this many automatic actions per service within the window. */
      maxActionsPerService: z._default(count(1), 3),
      rateWindowMinutes: z._default(minutes, 60),
      /** How long a service's action lock is held before another invocation may take it over. */
      lockSeconds: z._default(count(5), 120),
    }),
    { maxActionsPerService: 3, rateWindowMinutes: 60, lockSeconds: 120 },
  ),
  history: z._default(z.strictObject({ ttlDays: z._default(count(1), 90) }), { ttlDays: 90 }),
  policies: policiesSettings,
  /**
   * The capabilities' own sections (registry.ts SECTIONS): `deploymentHook`, the ECS deployment
   * lifecycle hook (docs/capabilities/deployment-hook.md); `pipeline`, the CodePipeline deploy
   * stage: gate mode, verify timeout, change freezes (docs/capabilities/deploy-stage.md).
   */
  ...sections,
  overrides: z._default(
    z.array(
      z.strictObject({
        ...places,
        cluster: z._default(name, "*"),
        service: z._default(name, "*"),
        policies: policyOverrides,
      }),
    ),
    [],
  ),
});

export type GuardrailsConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type PolicySettings = GuardrailsConfig["policies"];
