// What a job is answered with: CodePipeline's two calls, as values (the use case decides, the
// JobResults port sends). A success with a continuation token asks to be invoked again.

export const FAILURE_TYPES = [
  "JobFailed",
  "ConfigurationError",
  "PermissionError",
  "RevisionOutOfSync",
  "RevisionUnavailable",
  "SystemUnavailable",
] as const;
export type FailureType = (typeof FAILURE_TYPES)[number];

export type JobAnswer =
  | {
      outcome: "success";
      summary: string;
      continuationToken?: string | undefined;
      outputVariables?: Record<string, string> | undefined;
      percentComplete?: number | undefined;
    }
  | { outcome: "failure"; type: FailureType; message: string };

/** CodePipeline's limits: a summary of at most 2048 characters, a failure message of 1–5000. */
export function bounded(answer: JobAnswer): JobAnswer {
  if (answer.outcome === "failure") return { ...answer, message: clip(answer.message || "failed", 5000) };
  return { ...answer, summary: clip(answer.summary, 2048) };
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export const failure = (type: FailureType, message: string): JobAnswer => ({ outcome: "failure", type, message });
