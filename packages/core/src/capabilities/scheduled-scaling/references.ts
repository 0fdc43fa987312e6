// The configuration's check that every `schedule` names a schedule: plain code, apart from the
// settings' zod schemas (settings.ts), so the registry's entry carries it without them.

type ScheduleRefs = { schedule?: string | undefined; schedules?: Record<string, unknown> | undefined };

/**
 * Every `schedule` (in the policy's settings and in each override) that names no defined
 * schedule, as "key: problem" lines for parseConfig. An override may name a schedule it
 * defines itself or one defined in the policy's settings.
 */
export function scheduleReferenceProblems(
  settings: ScheduleRefs,
  overrides: readonly { policies: { "scheduled-scaling"?: ScheduleRefs | undefined } }[],
  prefix = "",
): string[] {
  const defined = Object.keys(settings.schedules ?? {});
  const check = (refs: ScheduleRefs | undefined, key: string, extra: string[]) => {
    const names = [...defined, ...extra];
    return refs?.schedule !== undefined && !names.includes(refs.schedule)
      ? [`${key}: names no schedule defined in schedules (${names.join(", ") || "none defined"})`]
      : [];
  };
  return [
    ...check(settings, `${prefix}policies.scheduled-scaling.schedule`, []),
    ...overrides.flatMap((o, i) =>
      check(
        o.policies["scheduled-scaling"],
        `${prefix}overrides.${i}.policies.scheduled-scaling.schedule`,
        Object.keys(o.policies["scheduled-scaling"]?.schedules ?? {}),
      ),
    ),
  ];
}
