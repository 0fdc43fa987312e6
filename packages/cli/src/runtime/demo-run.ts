import { progress, type Out } from "../output.ts";
import { DEMO_CLUSTER, DEMO_DURATION_MS, setUpDemo } from "./demo.ts";
import { accountsIntro, setUpMemberDemo } from "./demo-accounts.ts";
import { rightSizingDemoLines, setUpRightSizingDemo } from "./demo-right-sizing.ts";
import { advanceWithMoments, type HookStoryAnswer, storyMoments } from "./demo-stories.ts";
import { runPipelineDemo } from "./pipeline-demo.ts";
import type { LocalStack } from "./stack.ts";

// The demo as `guardrails start` runs it: the ECS part (demo.ts, demo-stories.ts), the
// CodePipeline part (pipeline-demo.ts), the span it covered, then right-sizing's recommendations.

export const DEMO_INTRO = [
  "Demo (simulated time, ending now; npm start -- --verbose prints every task):",
  "demo/api gets a healthy revision; demo/web one whose image cannot be pulled; demo/worker one that runs out of memory 2.5 min after start, after ECS called the deployment complete;",
  "demo/queue runs on Fargate Spot until Spot capacity runs out; demo/checkout's alarm goes off during its deployment; demo/cart's blue/green deployment calls the lifecycle hook;",
  "demo/batch (under Application Auto Scaling) has a night window; then demo/shop is released twice through CodePipeline.",
].join("\n  ");

class DemoInterrupted extends Error {}

/** Runs the demo; false when interrupted. `line` prints a line stamped with the simulated time. */
export async function runDemo(
  stack: LocalStack,
  out: Out,
  line: (text: string) => void,
  options: { verbose: boolean; interrupted: () => boolean; accounts?: number },
): Promise<boolean> {
  out.line(DEMO_INTRO);
  const accounts = accountsIntro(options.accounts ?? 1);
  if (accounts) out.line(`  ${accounts}`);
  setUpDemo(stack);
  setUpMemberDemo(stack);
  setUpRightSizingDemo(stack);
  const start = stack.clock.now();
  const wallStart = Date.now();
  const moments = storyMoments(stack, DEMO_CLUSTER, hookPrinter(line, options.verbose));
  const bar = progress("demo (simulated minutes)", DEMO_DURATION_MS / 60_000);
  try {
    await advanceWithMoments(stack, DEMO_DURATION_MS, moments, (now) => {
      if (options.interrupted()) throw new DemoInterrupted();
      bar.tick(Math.floor((now - start) / 60_000));
    });
  } catch (error) {
    if (!(error instanceof DemoInterrupted)) throw error;
    out.line("\nDemo interrupted.");
    return false;
  } finally {
    bar.done();
  }
  if (options.interrupted()) return false;
  await runPipelineDemo(stack, DEMO_CLUSTER, line);
  out.line(demoDoneLine(start, stack.clock.now(), Date.now() - wallStart, stack.deadLetters.entries.length));
  out.line(
    [
      "Right-sizing (14 days of simulated CPU and memory use, read over the local CloudWatch endpoint):",
      ...(await rightSizingDemoLines(stack)),
      "  See them all: npx guardrails recommend",
    ].join("\n"),
  );
  return true;
}

/** Each hook answer verbose; quiet, only the first and every change of answer (the bake's repeats are one story). */
function hookPrinter(line: (text: string) => void, verbose: boolean) {
  let last: string | undefined;
  return (service: string, a: HookStoryAnswer) => {
    if (verbose || a.hookStatus !== last) line(hookAnswerLine(`${DEMO_CLUSTER}/${service}`, a));
    last = a.hookStatus;
  };
}

export function hookAnswerLine(service: string, a: HookStoryAnswer): string {
  const again = a.hookStatus === "IN_PROGRESS" && a.callBackDelay ? ` (asked again every ${a.callBackDelay} s)` : "";
  return `${service}  ▶ lifecycle hook at ${a.stage} answered ${a.hookStatus}${again} — ${a.reason}`;
}

/** The simulated span the demo covered, read from the simulated clock, and the wall-clock time it took. */
export function demoDoneLine(startMs: number, endMs: number, wallMs: number, deadLetters: number): string {
  const time = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
  const letters = deadLetters === 1 ? "1 dead letter" : `${deadLetters} dead letters`;
  return `Demo done: ${span(endMs - startMs)} of simulated time (${time(startMs)} → ${time(endMs)} UTC) in ${Math.max(1, Math.round(wallMs / 1000))} s; ${letters}.`;
}

function span(ms: number): string {
  const s = Math.round(ms / 1000);
  const minutes = Math.floor(s / 60);
  const seconds = s % 60;
  const m = minutes === 1 ? "1 minute" : `${minutes} minutes`;
  return seconds === 0 ? m : `${m} ${seconds} s`;
}
