import * as z from "../../zod.ts";

// verify's state between invocations rides in the continuation token: each continuation is a
// new job with a new id, and CodePipeline hands the token back untouched. It stays far below
// the 1–2048 characters CodePipeline allows (asserted by the tests), so no table state is needed.

export const TOKEN_MAX = 2048;
const PREFIX = "gv1.";

const tokenSchema = z.strictObject({
  /** When the first verify invocation ran: the timeout counts from it. */
  startedAt: z.string(),
  /** The deployment being followed, once found. */
  deploymentId: z.optional(z.string()),
  /** When it was first seen COMPLETED: the bake counts from it. */
  completedAt: z.optional(z.string()),
  /** Invocations so far, for the summary. */
  polls: z.int(),
});

export type VerifyToken = z.infer<typeof tokenSchema>;

export function encodeToken(token: VerifyToken): string {
  const text = PREFIX + Buffer.from(JSON.stringify(token)).toString("base64url");
  if (text.length > TOKEN_MAX)
    throw new RangeError(`continuation token of ${text.length} characters exceeds ${TOKEN_MAX}`);
  return text;
}

/** Undefined for a token that is not ours (the documented sample's "token_ID"): start afresh. */
export function decodeToken(text: string | undefined): VerifyToken | undefined {
  if (!text?.startsWith(PREFIX)) return undefined;
  try {
    const parsed = tokenSchema.safeParse(
      JSON.parse(Buffer.from(text.slice(PREFIX.length), "base64url").toString("utf8")),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
