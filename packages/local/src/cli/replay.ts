import { parseArgs } from "node:util";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { readReplayInputs } from "../replay/input.ts";
import { replay } from "../replay/run.ts";
import type { ReplayLine } from "../replay/lines.ts";
import { readConfigFile } from "./config-file.ts";
import { progress, table, type Out } from "./output.ts";

export async function replayCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false }, config: { type: "string" }, until: { type: "string" } },
  });
  if (positionals.length === 0) throw new GuardrailsError("missing FILE: guardrails replay FILE... [--json] [--config FILE] [--until TIME]");
  if (values.until && Number.isNaN(Date.parse(values.until))) throw new GuardrailsError(`--until "${values.until}" is not an ISO-8601 time`);
  // Several files are one stream, merged by event time.
  const input = readReplayInputs(positionals);
  const config = values.config ? readConfigFile(values.config) : undefined;
  const lines: ReplayLine[] = [];
  const bar = values.json ? undefined : progress("replaying", input.events.length);
  await replay(input, {
    ...(config !== undefined ? { config } : {}),
    ...(values.until ? { until: values.until } : {}),
    onLine: (line) => (values.json ? out.json(line) : lines.push(line)),
    onEvent: (done) => bar?.tick(done),
  });
  bar?.done();
  if (!values.json) printHuman(lines, out);
  return 0;
}

function printHuman(lines: ReplayLine[], out: Out): void {
  const actions = lines.filter((l) => l.type === "action");
  const notes = lines.filter((l) => l.type === "notification");
  const rejected = lines.filter((l) => l.type === "rejected");
  const inferred = lines.filter((l) => l.type === "inferred");
  if (inferred.length) {
    out.line(`Built from the events (no state given):\n${table(inferred.map((s) => ({ ...s, strategy: JSON.stringify(s.capacityProviderStrategy), unknown: s.unknown.join(", ") })), ["cluster", "service", "taskDefinition", "desiredCount", "strategy", "unknown"])}\n`);
  }
  const summary = lines.find((l) => l.type === "summary");
  out.line(actions.length ? table(actions.map((a) => ({ ...a, target: a.taskDefinition ?? (a.capacityProviderStrategy ? JSON.stringify(a.capacityProviderStrategy) : a.desiredCount) })), ["at", "cluster", "service", "policy", "action", "mode", "verdict", "target", "reason"]) : "No actions.");
  if (notes.length) out.line(`\n${table(notes, ["severity", "cluster", "service", "policy", "title"])}`);
  if (rejected.length) out.line(`\n${table(rejected, rejected.some((r) => r.file) ? ["file", "index", "error"] : ["index", "error"])}`);
  if (summary && summary.type === "summary") {
    out.line(`\n${summary.events} events, ${summary.duplicates} duplicates, ${summary.rejected} rejected, ${summary.actions} actions, ${summary.notifications} notifications`);
  }
}
