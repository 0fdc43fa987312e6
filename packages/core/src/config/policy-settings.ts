import { z } from "zod";
import { MODES } from "../policies/ids.ts";

// The building blocks every policy's settings schema is made of. A policy declares its keys
// once without defaults; `defineSettings` derives the full schema (defaults filled in) and the
// override schema (every key optional, no defaults: a zod default inside a partial schema
// would still fill in, and an override would silently reset keys it never named).

export const mode = z.enum(MODES);
export const minutes = z.number().positive();

export type SettingsDefinition<S extends z.ZodRawShape> = {
  shape: S;
  full: ReturnType<typeof withDefaults<S>>;
  override: z.ZodOptional<z.ZodObject<{ [K in keyof S]: z.ZodOptional<S[K]> }, z.core.$strict>>;
};

export function defineSettings<S extends z.ZodRawShape>(shape: S, defaults: { [K in keyof S]?: z.input<S[K]> }): SettingsDefinition<S> {
  return { shape, full: withDefaults(shape, defaults), override: z.strictObject(shape).partial().optional() };
}

function withDefaults<S extends z.ZodRawShape>(shape: S, defaults: Record<string, unknown>) {
  const filled = Object.fromEntries(Object.entries(shape).map(([k, t]) => [k, k in defaults ? (t as z.ZodType).default(defaults[k] as never) : t]));
  // prefault: an absent object is parsed as {}, so each key's own default fills it in.
  return z.strictObject(filled as { [K in keyof S]: z.ZodDefault<S[K]> }).prefault({} as never);
}
