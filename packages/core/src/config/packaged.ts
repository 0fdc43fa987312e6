import { createHash } from "node:crypto";
import { InvalidConfigError } from "../errors.ts";
import type { GuardrailsConfig } from "./schema.ts";
import { CONFIG_STAMP } from "./stamp.ts";

// The configuration as the deploy step packages it for the functions: the form the config
// schema validated and normalised (defaults filled in, rules across keys checked), under the
// stamp of that schema. A function reads it without zod: parsing it again at every cold start
// cost the ready time and kept the config schema in each bundle (issue 19,
// docs/design/benchmarks.md "Cold start and bundle size"). The CLI, `config validate` and the
// deploy step keep parsing with the schema (parse.ts). The file also carries its checksum, so
// a hand edit after the deploy (which nothing here validates) fails the cold start too.

const checksum = (config: unknown) => createHash("sha256").update(JSON.stringify(config)).digest("hex");

/** The packaged file's text: the stamp, the configuration's checksum, then the validated configuration. */
export function packagedConfigText(config: GuardrailsConfig): string {
  return `${JSON.stringify({ stamp: CONFIG_STAMP, sha256: checksum(config), config })}\n`;
}

/**
 * The configuration a deploy step of this version packaged. A file without this version's
 * stamp (written by hand, or by another version's deploy) fails the cold start in one line:
 * nothing here could tell what in it is valid.
 */
export function readPackagedConfig(text: string, source: string): GuardrailsConfig {
  let packaged: { stamp?: unknown; sha256?: unknown; config?: unknown } | null;
  try {
    packaged = JSON.parse(text);
  } catch (error) {
    throw new InvalidConfigError(`invalid ${source}: not JSON (${(error as Error).message})`, { source });
  }
  const stamp = typeof packaged?.stamp === "string" ? packaged.stamp : "none";
  if (stamp !== CONFIG_STAMP || typeof packaged?.config !== "object" || packaged.config === null)
    throw new InvalidConfigError(
      `invalid ${source}: not the configuration this version's deploy step packages (stamp ${stamp}, expected ${CONFIG_STAMP}); deploy again`,
      { source },
    );
  if (packaged.sha256 !== checksum(packaged.config))
    throw new InvalidConfigError(
      `invalid ${source}: changed after the deploy step validated it (its checksum differs); deploy again`,
      { source },
    );
  return packaged.config as GuardrailsConfig;
}
