// The one plain-text table renderer. It fits the width it is given (the terminal's, see
// outputWidth), names AWS resources by their names rather than their ARNs, and cuts the
// free-text columns (reasons, summaries) before the short ones. `--json` prints the whole text.

export type TableOptions = {
  /** Characters a line may take; undefined: no limit (a pipe keeps the whole text). */
  width?: number | undefined;
};

const GAP = 2;
/** Columns of sentences: cut first, since their start says the most and --json has the rest. */
const FREE_TEXT = /reason|summary|detail|note|why|error|title|answer|message|unknown|strategy/i;
/** What a free-text column keeps before the other columns give up any of theirs. */
const TEXT_FLOOR = 12;
/** The narrowest any column gets: its first character and the ellipsis. */
const LAST_FLOOR = 2;

export function table(
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
  options: TableOptions = { width: outputWidth(process.stdout, process.env) },
): string {
  const headers = columns.map((c) => c.toUpperCase());
  const cells = rows.map((r) => columns.map((c) => cellText(r[c])));
  const natural = headers.map((h, i) => Math.max(length(h), ...cells.map((row) => length(row[i]!))));
  const widths = options.width === undefined ? natural : fit(natural, columns, options.width);
  const fmt = (values: string[]) =>
    values
      .map((v, i) => cut(v, widths[i]!))
      .join(" ".repeat(GAP))
      .trimEnd();
  return [fmt(headers), fmt(widths.map((w) => "-".repeat(w))), ...cells.map(fmt)].join("\n");
}

/**
 * The width to fit: a COLUMNS the user exported, else the terminal's. Piped output is not cut:
 * it goes to files, grep or `less -S`, where a cut would lose text silently.
 */
export function outputWidth(
  stream: { isTTY?: boolean; columns?: number },
  env: Record<string, string | undefined>,
): number | undefined {
  const columns = Number(env["COLUMNS"]);
  if (Number.isSafeInteger(columns) && columns > 0) return columns;
  return stream.isTTY && stream.columns ? stream.columns : undefined;
}

const ARN = /\barn:aws[\w-]*:([\w-]+):[\w-]*:\d*:([^\s,;()"'\]]+)/g;

/**
 * An ARN by its resource's name: a task definition as family:revision, a service by its name,
 * a service deployment by its id: the part after the last "/" (or after the type's ":").
 */
export function shortenArns(text: string): string {
  return text.replace(ARN, (_whole, _service: string, resource: string) => {
    const slash = resource.lastIndexOf("/");
    if (slash >= 0) return resource.slice(slash + 1);
    const colon = resource.indexOf(":");
    return colon >= 0 ? resource.slice(colon + 1) : resource;
  });
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return shortenArns(String(value)).replace(/\s*\n\s*/g, " ");
}

/** Narrows columns until the line fits: free text first, then the widest, headers last. */
function fit(natural: readonly number[], columns: readonly string[], width: number): number[] {
  const widths = [...natural];
  const text = columns.map((c) => FREE_TEXT.test(c));
  const floors: ((i: number) => number)[] = [
    (i) => (text[i] ? TEXT_FLOOR : natural[i]!),
    (i) => Math.min(natural[i]!, columns[i]!.length),
    () => LAST_FLOOR,
  ];
  let excess = sum(widths) + GAP * (widths.length - 1) - width;
  for (const floor of floors) {
    while (excess > 0) {
      const i = widest(widths, floor);
      if (i === undefined) break;
      widths[i]! -= 1;
      excess -= 1;
    }
  }
  return widths;
}

function widest(widths: readonly number[], floor: (i: number) => number): number | undefined {
  let best: number | undefined;
  widths.forEach((w, i) => {
    if (w > floor(i) && (best === undefined || w > widths[best]!)) best = i;
  });
  return best;
}

function cut(value: string, width: number): string {
  const chars = [...value];
  if (chars.length <= width) return value.padEnd(width + value.length - chars.length);
  return `${chars.slice(0, width - 1).join("")}…`;
}

const length = (s: string) => [...s].length;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
