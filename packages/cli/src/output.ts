// Plain-text tables and JSON lines: what people and scripts read from the CLI.

export { outputWidth, shortenArns, type TableOptions, table } from "./text-table.ts";

export type Out = { line(text: string): void; json(value: unknown): void; error(text: string): void };

export const stdio: Out = {
  line: (text) => process.stdout.write(`${text}\n`),
  json: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};

/** A one-line progress indicator on stderr (a TTY redraws it; elsewhere it prints sparingly). */
export function progress(label: string, total: number) {
  const tty = process.stderr.isTTY;
  // Non-TTY prints at each 25 % step; starting at 0 keeps 24 % from printing a step early.
  let last = 0;
  return {
    tick(done: number) {
      const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (tty) process.stderr.write(`\r${label} ${done}/${total} (${pct} %)`);
      else if (pct >= last + 25 || done === total) process.stderr.write(`${label} ${done}/${total} (${pct} %)\n`);
      last = tty ? pct : pct - (pct % 25);
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}
