import * as z from "../zod.ts";

// The building blocks every policy's settings schema is made of. A policy declares its keys
// once without defaults; `defineSettings` derives the full schema (defaults filled in) and the
// override schema (every key optional, no defaults: a zod default inside a partial schema
// would still fill in, and an override would silently reset keys it never named).

import { MODES } from "./modes.ts";

export { MODES, type Mode } from "./modes.ts";

export const mode = z.enum(MODES);
export const minutes = z.number().check(z.positive());
/** An integer of at least `min`. */
export const count = (min: number) => z.int().check(z.minimum(min));

type Shape = z.core.$ZodShape;

export type SettingsDefinition<S extends Shape> = {
  shape: S;
  full: ReturnType<typeof withDefaults<S>>;
  override: z.ZodMiniOptional<z.ZodMiniObject<{ -readonly [K in keyof S]: z.ZodMiniOptional<S[K]> }, z.core.$strict>>;
};

export function defineSettings<S extends Shape>(
  shape: S,
  defaults: { [K in keyof S]?: z.input<S[K]> },
): SettingsDefinition<S> {
  return { shape, full: withDefaults(shape, defaults), override: z.optional(z.partial(z.strictObject(shape))) };
}

function withDefaults<S extends Shape>(shape: S, defaults: Record<string, unknown>) {
  const filled = Object.fromEntries(
    Object.entries(shape).map(([k, t]) => [k, k in defaults ? z._default(t, defaults[k] as never) : t]),
  );
  // prefault: an absent object is parsed as {}, so each key's own default fills it in.
  return z.prefault(z.strictObject(filled as { [K in keyof S]: z.ZodMiniDefault<S[K]> }), {} as never);
}
