/** Policy ids, as used in configuration, tags, history and CLI output. */
export const POLICY_IDS = ["auto-rollback", "spot-fallback", "right-sizing", "scheduled-scaling"] as const;
export type PolicyId = (typeof POLICY_IDS)[number];

export const MODES = ["off", "observe", "enforce"] as const;
export type Mode = (typeof MODES)[number];
