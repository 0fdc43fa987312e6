import { describe, expect, it } from "vitest";
import { runChatCommand } from "../../../packages/core/src/capabilities/chat-command/run.ts";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { pausedWorld } from "../../support/pause-hooks.ts";

// A paused deployment answered from chat, through the engine as deployed (DynamoDB Local): the
// person's answer takes the hook's own key, so it is given once, whoever presses, and a button
// pressed after the pause was answered acts on nothing and says why in the thread.

const KEY = "pause-hook#ecs-pause-1#paused";
const config = parseConfig({
  policies: { "pause-hook": { mode: "observe", bakeMinutes: 60 } },
  chat: { channels: { ops: { commands: ["continue", "rollback", "status"] } } },
});
const press = (command: string, press: string) => ({
  payload: [command, "prod/web", KEY, "prod/web/ecs-svc/2"],
  channel: "ops",
  press,
});

describe("answering a paused deployment from chat", () => {
  it("answers CONTINUE once, recorded as the channel's, and refuses a later Roll back on the same pause", async () => {
    const w = await pausedWorld({ mode: "observe", bakeMinutes: 60 });
    await w.pause(120);
    const deps = { ...w.deps, config };

    const first = await runChatCommand(press("continue", "req-1"), deps);
    const again = await runChatCommand(press("continue", "req-2"), deps);
    const late = await runChatCommand(press("rollback", "req-3"), deps);

    expect(w.hooks.answers).toEqual([expect.objectContaining({ hookId: "ecs-pause-1", action: "CONTINUE" })]);
    expect(first).toEqual({ ok: true, text: expect.stringContaining("Continue the deployment of prod/web") });
    expect(again.ok).toBe(false);
    expect(late).toEqual({ ok: false, text: "the pause ecs-pause-1 was already answered or has expired" });
    const titles = w.messages().map((m) => m.body.content.title as string);
    expect(titles.filter((t) => t.includes("Continue the deployment"))).toHaveLength(1);
    expect(titles.some((t) => t.includes("rollback on prod/web refused"))).toBe(true);
    const answered = (await w.history.timeline({ cluster: "prod", service: "web" })).items.find(
      (e) => e.eventId === "pause-hook#ecs-pause-1",
    );
    expect(answered?.data).toMatchObject({ verdict: "acted", facts: { by: "channel ops" } });
  });

  it("refuses an answer the channel may not give, and records the refusal", async () => {
    const w = await pausedWorld({ mode: "observe", bakeMinutes: 60 });
    await w.pause(120);
    const deps = { ...w.deps, config: parseConfig({ policies: { "pause-hook": { mode: "observe" } } }) };

    const out = await runChatCommand(press("continue", "req-1"), deps);

    expect(out).toEqual({
      ok: false,
      text: "continue is not allowed in channel ops (chat.channels in the configuration)",
    });
    expect(w.hooks.answers).toEqual([]);
  });
});
