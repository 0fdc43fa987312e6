import { readReplayInputs } from "./replay/input.ts";
import type { ActionLine, ReplayLine } from "./replay/lines.ts";
import type { CommandRun } from "./command.ts";
import { readConfigFile } from "./config-file.ts";
import { progress, table, type Out } from "./output.ts";
import { writeReplayReport } from "./replay-report.ts";
import { reportComparison } from "./replay-comparison.ts";

/** Runs `guardrails replay`: commands/replay.ts declares it, and imports this module when it runs. */
export const run: CommandRun = (args, options, { out }) =>
  replayFiles(args[0] as string[], options as ReplayFlags, out);

type ReplayFlags = { json?: boolean; config?: string; until?: string; html?: string };

async function replayFiles(files: string[], values: ReplayFlags, out: Out): Promise<number> {
  // --config stands over the files' own configs (which must otherwise agree).
  const input = readReplayInputs(files, { configGiven: values.config !== undefined });
  const config = values.config ? readConfigFile(values.config) : undefined;
  const lines: ReplayLine[] = [];
  // Progress from the first second, on stderr only: DynamoDB Local takes seconds to start.
  const status = values.json ? () => undefined : out.error;
  status("starting DynamoDB Local…");
  // Imported after that line: the runtime (the simulator, the AWS SDK clients, the functions) takes most of a second to load.
  const { replay } = await import("./replay/run.ts");
  const actions: ActionLine[] = [];
  let home: string | undefined;
  const bar = values.json ? undefined : progress("replaying", input.events.length);
  await replay(input, {
    onStarted: () => status(`loading ${input.events.length} events…`),
    ...(config !== undefined ? { config } : {}),
    ...(values.until ? { until: values.until } : {}),
    onLine: (line) => {
      if (line.type === "action") actions.push(line);
      if (line.type === "summary") home = line.home?.account;
      return values.json ? out.json(line) : lines.push(line);
    },
    onEvent: (done) => bar?.tick(done),
    ...(values.html ? { beforeStop: (replayed) => writeReplayReport(replayed, values.html!, files) } : {}),
  });
  bar?.done();
  if (!values.json) printHuman(lines, out);
  if (input.recorded) reportComparison(actions, input.recorded, values.json, out, home);
  if (values.html) (values.json ? out.error : out.line)(`${values.json ? "" : "\n"}Report written to ${values.html}`);
  return 0;
}

/** "444455556666/eu-west-1": a line's account and Region, in a stream of several accounts. */
const accountOf = (l: { account?: string; region?: string }) => (l.account ? `${l.account}/${l.region ?? "-"}` : "");

function printHuman(lines: ReplayLine[], out: Out): void {
  // Several accounts: every service line names its account (a column only then, so one account's tables stay as they were).
  const where = lines.some((l) => "account" in l && l.account) ? ["account"] : [];
  const actions = lines.filter((l) => l.type === "action");
  const notes = lines.filter((l) => l.type === "notification");
  const rejected = lines.filter((l) => l.type === "rejected");
  const inferred = lines.filter((l) => l.type === "inferred");
  if (inferred.length) {
    out.line(
      `Built from the events (no state given):\n${table(
        inferred.map((s) => ({
          ...s,
          account: accountOf(s),
          strategy: JSON.stringify(s.capacityProviderStrategy),
          unknown: s.unknown.join(", "),
        })),
        [...where, "cluster", "service", "taskDefinition", "desiredCount", "strategy", "unknown"],
      )}\n`,
    );
  }
  const summary = lines.find((l) => l.type === "summary");
  out.line(
    actions.length
      ? table(
          actions.map((a) => ({
            ...a,
            account: accountOf(a),
            target:
              a.taskDefinition ??
              (a.capacityProviderStrategy ? JSON.stringify(a.capacityProviderStrategy) : a.desiredCount),
          })),
          ["at", ...where, "cluster", "service", "policy", "action", "mode", "verdict", "target", "reason"],
        )
      : "No actions.",
  );
  if (notes.length)
    out.line(
      `\n${table(
        notes.map((n) => ({ ...n, account: accountOf(n) })),
        ["severity", ...where, "cluster", "service", "policy", "title"],
      )}`,
    );
  const hooks = lines.filter((l) => l.type === "hook-answer");
  if (hooks.length)
    out.line(`\n${table(hooks, ["at", "cluster", "service", "stage", "hookStatus", "verdict", "mode", "reason"])}`);
  const jobs = lines.filter((l) => l.type === "pipeline-result");
  if (jobs.length)
    out.line(
      `\n${table(
        jobs.map((j) => ({
          ...j,
          answer:
            j.outcome === "failure"
              ? `${j.failureType}: ${j.message}`
              : `${j.summary ?? ""}${j.continues ? " (continues)" : ""}`,
        })),
        ["at", "jobId", "mode", "outcome", "answer"],
      )}`,
    );
  if (rejected.length)
    out.line(`\n${table(rejected, rejected.some((r) => r.file) ? ["file", "index", "error"] : ["index", "error"])}`);
  if (summary && summary.type === "summary") {
    out.line(
      `\n${summary.events} events, ${summary.duplicates} duplicates, ${summary.rejected} rejected, ${summary.actions} actions, ${summary.notifications} notifications`,
    );
  }
}
