import { describe, expect, it } from "vitest";
import { walkthroughBlocks, walkthroughMarkers } from "../support/walkthrough.ts";

// The docs' walkthrough (test/e2e/docs-walkthrough.test.ts runs it) reads the blocks the pages
// mark. Cheap checks here, so a moved marker or a renamed step fails without starting the demo.

const STEPS = ["start", "candidate.json", "backtest-demo", "from-logs", "observe-report"];

describe("the docs' walkthrough blocks", () => {
  it("are the steps the walkthrough test follows, in reading order, each once", () => {
    expect(walkthroughBlocks().map((b) => b.name)).toEqual(STEPS);
  });

  it("each marker stands right before its fenced block", () => {
    expect(walkthroughMarkers()).toEqual(walkthroughBlocks().map((b) => b.name));
  });

  it("files are JSON and the rest are shell blocks", () => {
    for (const block of walkthroughBlocks()) {
      if (block.name.endsWith(".json")) expect(() => JSON.parse(block.body), block.name).not.toThrow();
      else expect(block.lang, block.name).toBe("bash");
    }
  });
});
