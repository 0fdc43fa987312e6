// A capability's mode, apart from the settings' zod schemas (policy-settings.ts), so settings
// resolution reads it without zod (resolve.ts).

/** A capability's mode: off, observe (decide, record, announce; act on nothing) or enforce. */
export const MODES = ["off", "observe", "enforce"] as const;
export type Mode = (typeof MODES)[number];
