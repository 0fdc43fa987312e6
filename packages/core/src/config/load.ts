// The full check of a configuration — deploy time, the CLI, the local runtime: with cron syntax,
// which needs croner (time/cron.ts registers the check when loaded). The functions parse the
// configuration that deploy time checked with parse.ts, so the ingest never loads croner.
import "../time/cron.ts";

export { parseConfig, parseConfigJson } from "./parse.ts";
