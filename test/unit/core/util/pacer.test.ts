import { describe, expect, it } from "vitest";
import { createPacer } from "@ecs-guardrails/core/util/pacer";

// The token bucket that keeps the right-sizing run inside ECS's DescribeTaskDefinition budget,
// on a fake clock: `sleep` moves time forward.

function fakeTime() {
  let t = 0;
  const slept: number[] = [];
  return { now: () => t, sleep: async (ms: number) => void (slept.push(ms), (t += ms)), slept };
}

describe("the pacer", () => {
  it("lets the burst through at once, then one call per 1/perSecond", async () => {
    const time = fakeTime();
    const pacer = createPacer({ burst: 3, perSecond: 10 }, time.now, time.sleep);

    await Promise.all(Array.from({ length: 5 }, () => pacer.take()));

    // 3 from the burst; the 4th and 5th each wait 100 ms for a token.
    expect(time.slept.map(Math.round)).toEqual([100, 100]);
  });

  it("refills while idle, up to the burst", async () => {
    const time = fakeTime();
    const pacer = createPacer({ burst: 2, perSecond: 10 }, time.now, time.sleep);
    await pacer.take();
    await pacer.take();
    await time.sleep(10_000);
    time.slept.length = 0;

    await Promise.all([pacer.take(), pacer.take(), pacer.take()]);

    expect(time.slept.map(Math.round)).toEqual([100]);
  });
});
