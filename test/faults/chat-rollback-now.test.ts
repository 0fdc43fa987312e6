import { faultMatrix } from "./matrix.ts";
import { at, crash, deploymentHistory, ROLLBACK_KEY, rolledBack, service } from "./rollback-service.ts";
import type { Input } from "../support/lambda.ts";
import type { Observed } from "./world.ts";

// A chat button through a fault at every port call: auto-rollback only observes a crash loop
// (observe mode); a person on call presses "Roll back now" on its notice, and a second person
// presses it again a minute later. ECS rolls back once, the thread gets one reply (the
// rollback's own message), and the history records one person's decision. Each press is
// retried as Lambda retries an invocation, with the same press id.

const press = (label: string, id: string, s: number): Input => ({
  label,
  at: at(s),
  chat: {
    payload: ["rollback-now", "prod/web", ROLLBACK_KEY, "prod/web/ecs-svc/2"],
    channel: "ops",
    press: id,
  },
});

await faultMatrix(
  {
    id: "chat-rollback-now",
    title: "Chat: Roll back now on a rollback only observed rolls back once, whoever presses",
    config: {
      policies: { "auto-rollback": { mode: "observe" } },
      chat: { channels: { ops: { commands: ["rollback-now", "status", "snooze", "resume"] } } },
    },
    service: service(),
    inputs: [
      ...deploymentHistory(),
      crash(1),
      crash(2),
      crash(3),
      press("Roll back now", "req-1", 400),
      press("Roll back now again", "req-2", 460),
    ],
    truths: (run) => [...rolledBack(run), ...byThePerson(run)],
  },
  { faultsIn: (invocation) => invocation.startsWith("Roll back now") },
);

function byThePerson(run: Observed): string[] {
  const acted = run.decisions.find((d) => d.eventId === ROLLBACK_KEY);
  const facts = (acted?.data as { facts?: Record<string, string> } | undefined)?.facts;
  return facts?.["by"] === "channel ops"
    ? []
    : [`the rollback is recorded by ${facts?.["by"] ?? "nobody"}, not channel ops`];
}
