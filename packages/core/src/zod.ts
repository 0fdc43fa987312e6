import { config, type core } from "zod/mini";
import { received } from "./util/received.ts";

// The schemas library for everything that runs in a function: zod/mini builds the same schemas
// as zod in ~23 kB instead of ~470 kB of the bundle, which is most of the difference between a
// handler and its SDK clients alone (docs/design/benchmarks.md "Cold start and bundle size"). It ships no messages
// by default; the English ones users read ("Too small: expected number to be >=1", "expected
// string, received undefined") are set here, so every schema imports z from here:
// `import * as z from "../zod.ts"` (a star re-export, so esbuild still drops what is unused).
//
// The messages are zod's English locale (zod/v4/locales/en.js) word for word, without its table
// of string-format names (email, UUID, IPv6 …): no schema here checks those formats, and the
// table was a third of the locale's bytes in every function. A format without a name reads
// "Invalid <format>". zod's util namespace is not imported: through `util.` esbuild keeps all of it.

/** An issue as the error map gets it: the fields each code's message reads. */
type Issue = {
  code?: string;
  input?: unknown;
  expected?: string;
  values?: unknown[];
  keys?: string[];
  origin?: string;
  exact?: boolean;
  inclusive?: boolean;
  maximum?: number | bigint;
  minimum?: number | bigint;
  format?: string;
  prefix?: string;
  suffix?: string;
  includes?: string;
  pattern?: string;
  divisor?: number;
  options?: unknown;
};

const SIZED: Record<string, string> = {
  string: "characters",
  file: "bytes",
  array: "items",
  set: "items",
  map: "entries",
};

const primitive = (v: unknown) => (typeof v === "bigint" ? `${v}n` : typeof v === "string" ? `"${v}"` : `${v}`);
const joined = (values: unknown[], separator: string) => values.map(primitive).join(separator);

function bound(i: Issue): string {
  const big = i.code === "too_big";
  const adj = i.exact ? "exactly " : `${big ? "<" : ">"}${i.inclusive ? "=" : ""}`;
  const head = `Too ${big ? "big" : "small"}: expected ${i.origin ?? (big ? "value" : undefined)}`;
  const unit = SIZED[i.origin ?? ""];
  const limit = `${adj}${big ? i.maximum : i.minimum}`;
  return unit ? `${head} to have ${limit} ${unit}` : `${head} to be ${limit}`;
}

function format(i: Issue): string {
  if (i.format === "starts_with") return `Invalid string: must start with "${i.prefix}"`;
  if (i.format === "ends_with") return `Invalid string: must end with "${i.suffix}"`;
  if (i.format === "includes") return `Invalid string: must include "${i.includes}"`;
  if (i.format === "regex") return `Invalid string: must match pattern ${i.pattern}`;
  return `Invalid ${i.format === "template_literal" ? "input" : i.format}`;
}

/** The message zod's English locale gives an issue (exported for the test that compares the two). */
export function english(i: Issue): string {
  switch (i.code) {
    case "invalid_type":
      return `Invalid input: expected ${i.expected === "nan" ? "NaN" : i.expected}, received ${received(i.input)}`;
    case "invalid_value":
      return i.values?.length === 1
        ? `Invalid input: expected ${primitive(i.values[0])}`
        : `Invalid option: expected one of ${joined(i.values ?? [], "|")}`;
    case "too_big":
    case "too_small":
      return bound(i);
    case "invalid_format":
      return format(i);
    case "not_multiple_of":
      return `Invalid number: must be a multiple of ${i.divisor}`;
    case "unrecognized_keys":
      return `Unrecognized key${(i.keys ?? []).length > 1 ? "s" : ""}: ${joined(i.keys ?? [], ", ")}`;
    case "invalid_key":
      return `Invalid key in ${i.origin}`;
    case "invalid_union":
      if (Array.isArray(i.options) && i.options.length > 0)
        return `Invalid discriminator value. Expected ${i.options.map((o) => `'${o}'`).join(" | ")}`;
      return i.inclusive === false ? "Invalid input: more than one option matched" : "Invalid input";
    case "invalid_element":
      return `Invalid value in ${i.origin}`;
    default:
      return "Invalid input";
  }
}

config({ localeError: english as core.$ZodErrorMap });

export * from "zod/mini";
