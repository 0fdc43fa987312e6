// node bench/cron-libraries.ts [--with DIR] [--json]
// Why the window maths uses croner: bundle size and DST behaviour, measured against
// cron-parser. cron-parser is not a dependency of the project: install it somewhere
// (`npm i --prefix /tmp/cronlib cron-parser@5`) and pass that folder with --with
// (`--with /tmp/cronlib`); without it only croner is measured.
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { Cron } from "croner";

const { values: args } = parseArgs({
  options: { with: { type: "string" }, json: { type: "boolean", default: false } },
});

type Lib = {
  name: string;
  next(pattern: string, zone: string, from: Date): Date;
  prev(pattern: string, zone: string, before: Date): Date;
  entry: string;
  nodePaths: string[];
};

const croner: Lib = {
  name: "croner",
  next: (p, tz, from) => new Cron(p, { timezone: tz, mode: "5-part" }).nextRun(from)!,
  prev: (p, tz, before) => new Cron(p, { timezone: tz, mode: "5-part" }).previousRuns(1, before)[0]!,
  entry: 'import { Cron } from "croner"; console.log(new Cron("0 2 * * *", { timezone: "Europe/Berlin" }).nextRun());',
  nodePaths: [],
};

async function cronParser(dir: string): Promise<Lib> {
  const require = createRequire(join(dir, "noop.js"));
  const { CronExpressionParser } = (await import(pathToFileURL(require.resolve("cron-parser")).href)) as {
    CronExpressionParser: { parse(p: string, o: object): { next(): { toDate(): Date }; prev(): { toDate(): Date } } };
  };
  return {
    name: "cron-parser",
    next: (p, tz, from) => CronExpressionParser.parse(p, { currentDate: from, tz }).next().toDate(),
    prev: (p, tz, before) => CronExpressionParser.parse(p, { currentDate: before, tz }).prev().toDate(),
    entry:
      'import { CronExpressionParser } from "cron-parser"; console.log(CronExpressionParser.parse("0 2 * * *", { tz: "Europe/Berlin" }).next().toDate());',
    nodePaths: [join(dir, "node_modules")],
  };
}

// The same daily fixed time seen going forward from the day before and going back from a few
// hours later must be the same instant (the window maths asks "when did it last start?"), must
// happen once, and must not be skipped.
const CASES = [
  { zone: "America/New_York", date: "2026-03-08", pattern: "30 2 * * *", what: "spring-forward gap" },
  { zone: "America/New_York", date: "2026-11-01", pattern: "30 1 * * *", what: "fall-back repeat" },
  { zone: "Europe/Berlin", date: "2026-03-29", pattern: "30 2 * * *", what: "spring-forward gap" },
  { zone: "Europe/Berlin", date: "2026-10-25", pattern: "30 2 * * *", what: "fall-back repeat" },
];

function check(lib: Lib, c: (typeof CASES)[number]) {
  const dayStart = new Date(`${c.date}T00:00:00Z`);
  const forward = lib.next(c.pattern, c.zone, new Date(dayStart.getTime() - 12 * 3_600_000));
  // Six hours after the forward run: before the next day's run in both zones.
  const back = lib.prev(c.pattern, c.zone, new Date(forward.getTime() + 6 * 3_600_000));
  const backTwice = lib.prev(c.pattern, c.zone, back);
  const onDay = (d: Date) =>
    d.getTime() >= dayStart.getTime() - 14 * 3_600_000 && d.getTime() < dayStart.getTime() + 24 * 3_600_000;
  const problems = [
    !onDay(forward) ? "forward run skips the day" : "",
    forward.getTime() !== back.getTime() ? `forward ${forward.toISOString()} ≠ back ${back.toISOString()}` : "",
    onDay(backTwice) && Math.abs(backTwice.getTime() - back.getTime()) < 2 * 3_600_000
      ? `runs twice (${backTwice.toISOString()})`
      : "",
  ].filter(Boolean);
  return {
    zone: c.zone,
    date: c.date,
    case: c.what,
    forward: forward.toISOString(),
    back: back.toISOString(),
    ok: problems.length === 0,
    problems,
  };
}

async function bundleSize(lib: Lib): Promise<{ minified: number; gzip: number }> {
  const out = await build({
    stdin: { contents: lib.entry, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    write: false,
    nodePaths: lib.nodePaths,
    logLevel: "silent",
  });
  const bytes = out.outputFiles[0]!.contents;
  const { gzipSync } = await import("node:zlib");
  return { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const libs = [croner, ...(args.with ? [await cronParser(args.with)] : [])];
const results = [];
for (const lib of libs)
  results.push({ library: lib.name, size: await bundleSize(lib), dst: CASES.map((c) => check(lib, c)) });

if (args.json) console.log(JSON.stringify(results, null, 2));
else {
  for (const r of results) {
    console.log(
      `${r.library}: ${(r.size.minified / 1000).toFixed(1)} kB minified, ${(r.size.gzip / 1000).toFixed(1)} kB gzip; DST cases ${r.dst.filter((d) => d.ok).length}/${r.dst.length} consistent`,
    );
    for (const d of r.dst)
      console.log(
        `  ${d.zone} ${d.date} (${d.case}): forward ${d.forward}, back ${d.back}${d.ok ? "" : `  ✗ ${d.problems.join("; ")}`}`,
      );
  }
  if (!args.with) console.log("(cron-parser not measured: install it in a folder and pass --with FOLDER)");
}
