import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { evaluateApp } from "../support/sst-harness.ts";

// A configuration that cannot work fails the deploy, before any resource changes, naming the
// file and the key.

const dir = mkdtempSync(join(tmpdir(), "guardrails-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("fails the deploy naming the file and the key of an override whose cool-down exceeds its cap", async () => {
  const file = join(dir, "guardrails.config.json");
  writeFileSync(
    file,
    JSON.stringify({
      overrides: [{ cluster: "prod", service: "batch", policies: { "spot-fallback": { cooldownMinutes: 480 } } }],
    }),
  );

  await expect(evaluateApp({ env: { GUARDRAILS_CONFIG_FILE: file } })).rejects.toThrow(
    `invalid ${file}: overrides.0.policies.spot-fallback.cooldownMinutes: maxBackoffMinutes 240 (from policies.spot-fallback) is less than cooldownMinutes 480`,
  );
});
