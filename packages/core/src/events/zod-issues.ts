import type * as z from "../zod.ts";
import { InvalidEventError } from "../errors.ts";

type Issue = { readonly path: readonly PropertyKey[]; readonly code: string; readonly message: string };

/** Turns zod issues into "detail.taskArn is required"-style lines that name the field. */
export function describeIssues(error: { readonly issues: readonly Issue[] }): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "(event)";
    const missing = issue.code === "invalid_type" && /received undefined/.test(issue.message);
    return missing ? `${field} is required` : `${field}: ${issue.message}`;
  });
}

export function parseWith<S extends z.ZodMiniType>(schema: S, raw: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw new InvalidEventError(`invalid ${what}`, describeIssues(result.error));
  return result.data;
}
