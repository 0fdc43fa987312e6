// Plain-text tables and JSON lines: what people and scripts read from the CLI.

export type Out = { line(text: string): void; json(value: unknown): void; error(text: string): void };

export const stdio: Out = {
  line: (text) => process.stdout.write(`${text}\n`),
  json: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};

/** `maxWidth`: the terminal's width; the widest columns give way first, to no less than their header. */
export function table(
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
  options: { maxWidth?: number } = {},
): string {
  const cell = (v: unknown) => (v === undefined || v === null ? "" : String(v));
  const widths = columns.map((c) => Math.min(80, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  if (options.maxWidth !== undefined) narrow(widths, columns, options.maxWidth);
  const fmt = (values: string[]) =>
    values
      .map((v, i) => (v.length > widths[i]! ? `${v.slice(0, widths[i]! - 1)}…` : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [
    fmt([...columns].map((c) => c.toUpperCase())),
    fmt(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => fmt(columns.map((c) => cell(r[c])))),
  ].join("\n");
}

function narrow(widths: number[], columns: readonly string[], maxWidth: number): void {
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  while (total() > maxWidth) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= Math.max(columns[widest]!.length, 4)) return;
    widths[widest]! -= 1;
  }
}

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
