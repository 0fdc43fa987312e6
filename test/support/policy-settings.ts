import {
  autoRollbackSettings,
  type AutoRollbackSettings,
} from "../../packages/core/src/capabilities/auto-rollback/settings.ts";

/**
 * Auto-rollback's settings for a pure decision: the policy's own schema (defaults filled in,
 * each key validated) with the patch on top. Not parseConfig: its cross-key checks rightly
 * reject alarms outside an exact override, which a decision-level test needs to set directly.
 */
export const autoRollbackWith = (patch: Partial<AutoRollbackSettings> | object = {}): AutoRollbackSettings =>
  autoRollbackSettings.full.parse(patch);
