import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChatCommand } from "../../../packages/core/src/capabilities/chat-command/run.ts";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { startConsoleServer, type ConsoleServer } from "../../../packages/console/src/server.ts";
import { defaultSources } from "../../../packages/console/src/sources.ts";
import { DynamoConsoleStore } from "../../../packages/console/src/store.ts";
import { config, playConsoleScenario } from "../../support/console-scenario.ts";
import { at } from "../../support/rollout-scenario.ts";

// A snooze pressed in chat, as the console shows it (no browser): the chat command function
// snoozes prod/web through the engine into DynamoDB Local; the overview's "needs attention"
// and the service page say until when, and say nothing once the snooze is over.

const PRESSED = at(2700);
const UNTIL = new Date(Date.parse(PRESSED) + 60 * 60_000);
const servers: ConsoleServer[] = [];
let open: (now: Date) => Promise<(path: string) => Promise<string>>;

beforeAll(async () => {
  const g = await playConsoleScenario();
  await g.tick(PRESSED);
  const withChat = parseConfig({ ...config, chat: { channels: { ops: {} } } });
  const reply = await runChatCommand(
    { payload: ["snooze", "prod/web", "", ""], channel: "ops", press: "req-snooze" },
    { ...g.deps, config: withChat },
  );
  expect(reply.ok, reply.text).toBe(true);
  open = async (now) => {
    const parsed = parseConfig(config);
    const server = await startConsoleServer({
      store: new DynamoConsoleStore(g.table.client, g.table.tableName),
      config: parsed,
      now: () => now,
      sources: defaultSources(parsed, {}),
    });
    servers.push(server);
    return async (path) => (await fetch(new URL(path, server.url))).text();
  };
}, 60_000);

afterAll(() => Promise.all(servers.map((s) => s.close())));

describe("a snoozed service in the console", () => {
  it("shows 'snoozed until HH:MM' in what needs attention and on the service page, until it ends", async () => {
    const text = `snoozed until ${UNTIL.toISOString().slice(11, 16)} (by channel ops)`;
    const during = await open(new Date(Date.parse(PRESSED) + 5 * 60_000));
    expect(await during("/")).toContain(text);
    expect(await during("/service?cluster=prod&service=web")).toContain(text);
    expect(await during("/service?cluster=prod&service=api")).not.toContain("snoozed until");

    const ended = await open(new Date(UNTIL.getTime() + 60_000));
    expect(await ended("/")).not.toContain("snoozed until");
    expect(await ended("/service?cluster=prod&service=web")).not.toContain("snoozed until");
  });
});
