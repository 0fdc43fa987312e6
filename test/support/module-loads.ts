import { appendFileSync } from "node:fs";
import { registerHooks } from "node:module";

// A module loader hook for `node --import` (test/e2e/cli-first-line.test.ts, `npm run bench -- --cli`):
// which modules a `guardrails` process loaded, and which of them before its first line on stderr.
// GUARDRAILS_LOAD_LOG=FILE appends each loaded module's URL to FILE, then a line "> first stderr"
// when the process first writes to stderr. GUARDRAILS_EXIT_AT_FIRST_STDERR=1 ends the process
// right after that first line: what came before it is all that is being looked at (and a replay
// stops before it starts DynamoDB Local).

const log = process.env["GUARDRAILS_LOAD_LOG"];
const exitAtFirstLine = process.env["GUARDRAILS_EXIT_AT_FIRST_STDERR"] === "1";

if (log) {
  registerHooks({
    load(url, context, next) {
      appendFileSync(log, `${url}\n`);
      return next(url, context);
    },
  });
}

const write = process.stderr.write.bind(process.stderr) as (chunk: string | Uint8Array) => boolean;
process.stderr.write = ((chunk: string | Uint8Array) => {
  process.stderr.write = write as typeof process.stderr.write;
  if (log) appendFileSync(log, "> first stderr\n");
  const written = write(chunk);
  // stderr to a pipe or a file is written synchronously: the line is out before the exit.
  if (exitAtFirstLine) process.exit(0);
  return written;
}) as typeof process.stderr.write;
