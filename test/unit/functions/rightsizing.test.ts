import { describe, expect, it } from "vitest";
import { InvalidEventError } from "@ecs-guardrails/core/errors";

// The scheduler's input to the right-sizing function: the job to do, or a clear error.

import { jobOf } from "../../../functions/lib/rightsizing-job.ts";

describe("the right-sizing function's input", () => {
  it("runs the recommendations for the daily schedule's input, and for none", () => {
    expect(jobOf({ job: "run" })).toEqual({ job: "run" });
    expect(jobOf({})).toEqual({ job: "run" });
    expect(jobOf(undefined)).toEqual({ job: "run" });
  });

  it("sends the digest for the weekly schedule's input", () => {
    expect(jobOf({ job: "digest" })).toEqual({ job: "digest" });
  });

  it("rejects an unknown job with one message naming it", () => {
    expect(() => jobOf({ job: "resize" })).toThrow(InvalidEventError);
    expect(() => jobOf({ job: "resize" })).toThrow(
      'invalid right-sizing job: job must be "run" or "digest", got "resize"',
    );
  });
});
