import { describe, expect, it } from "vitest";
import { toConsoleDecision } from "../../../packages/console/src/decisions.ts";
import { guardrails } from "../../support/engine.ts";
import { at, crash, history, ref, replay, service, td } from "../../support/rollout-scenario.ts";

// The README's own example once was `guardrails:auto-rollback=on`: a value no mode has.

const titles = (g: Awaited<ReturnType<typeof guardrails>>) => g.messages().map((m) => m.body.content.title as string);
const tagMessages = (g: Awaited<ReturnType<typeof guardrails>>) =>
  g.messages().filter((m) => /Ignored the tag/.test(m.body.content.title));

describe("an invalid guardrails tag on a service", () => {
  it("is announced once, naming the tag, its value, the allowed values and the mode the service stays in", async () => {
    const g = await guardrails({ service: service({ tags: { "guardrails:auto-rollback": "on" } }) });
    await replay(g, [...history(), crash(1), crash(2), crash(1)]);
    await g.tick(at(600));

    const messages = tagMessages(g);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body.content.title).toBe(":warning: Ignored the tag guardrails:auto-rollback=on on prod/web");
    expect(messages[0]!.body.content.description).toMatch(
      /"on".*allowed: off, observe or enforce.*mode stays observe, its configured value/s,
    );
    expect(messages[0]!.MessageAttributes?.["severity"]?.StringValue).toBe("warning");
  });

  it("is in the service's history as a decision", async () => {
    const g = await guardrails({ service: service({ tags: { "guardrails:auto-rollback": "on" } }) });
    await replay(g, [...history(), crash(1)]);

    const decisions = (await g.history.timeline(ref, { limit: 100 })).items.filter((e) => e.type === "decision");
    expect(decisions.map((d) => d.summary)).toContain(
      "auto-rollback noted: Ignored the tag guardrails:auto-rollback=on on prod/web",
    );
  });

  it("is announced by the reconcile when no event comes", async () => {
    const g = await guardrails({ service: service({ tags: { "guardrails:spot-fallback:cooldown-minutes": "soon" } }) });
    await g.tick(at(300));
    await g.tick(at(600));

    expect(titles(g)).toEqual([":warning: Ignored the tag guardrails:spot-fallback:cooldown-minutes=soon on prod/web"]);
  });

  it("is announced again for another invalid value, and fixing it is silent and takes effect", async () => {
    const g = await guardrails({ service: service({ tags: { "guardrails:auto-rollback": "on" } }) });
    await replay(g, [...history(), crash(1)]);
    g.ecs.state.tags = { "guardrails:auto-rollback": "yes" };
    await g.send(crash(2));
    g.ecs.state.tags = { "guardrails:auto-rollback": "enforce" };
    await g.send(crash(3));

    expect(tagMessages(g).map((m) => m.body.content.title)).toEqual([
      ":warning: Ignored the tag guardrails:auto-rollback=on on prod/web",
      ":warning: Ignored the tag guardrails:auto-rollback=yes on prod/web",
    ]);
    expect(g.rollbacks().map((u) => u.taskDefinition)).toEqual([td(41)]);
  });
});

describe("the console's reading of an ignored tag's decision", () => {
  it("keeps the warning severity it was announced with", async () => {
    const g = await guardrails({ service: service({ tags: { "guardrails:spot-fallback:cooldown-minutes": "soon" } }) });
    await g.tick(at(300));

    const entry = (await g.history.timeline(ref, { limit: 100 })).items.find(
      (e) => e.eventId === "tag#guardrails:spot-fallback:cooldown-minutes=soon",
    )!;
    expect(toConsoleDecision(entry)).toMatchObject({
      severity: "warning",
      policy: "spot-fallback",
      title: "Ignored the tag guardrails:spot-fallback:cooldown-minutes=soon on prod/web",
    });
  });
});
