import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Core's package.json lists the modules that do something when imported (zod's English
// messages, the cron check, the window maths): a bundler drops any other module none of whose
// exports are used, which keeps the settings' zod schemas out of the functions that parse no
// configuration (issue 19). A module with a statement run at import that is not listed would
// be dropped from a bundle silently: this finds each one.

const CORE = path.resolve(import.meta.dirname, "../../../packages/core");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

/**
 * A call at the top level of the module, run when it is imported (`useCronCheck(cronProblem);`).
 * A top-level `if (…) throw` is a check, not an effect another module relies on.
 */
const IMPORT_TIME_CALL = /^(await\s+)?(?!(if|for|while|switch)\b)[A-Za-z_$][\w$.]*\s*\(/m;

describe("core's modules with import-time side effects", () => {
  it("are each listed in its package.json's sideEffects, and only they", () => {
    const listed = (JSON.parse(readFileSync(path.join(CORE, "package.json"), "utf8")) as { sideEffects: string[] })
      .sideEffects;
    const found = sources(path.join(CORE, "src"))
      .filter((file) => IMPORT_TIME_CALL.test(readFileSync(file, "utf8")))
      .map((file) => `./${path.relative(CORE, file)}`);

    expect([...listed].sort()).toEqual(found.sort());
  });
});
