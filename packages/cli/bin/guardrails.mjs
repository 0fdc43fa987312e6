#!/usr/bin/env node
// `npx guardrails …` enters here. Plain JavaScript, so that an older Node says what it needs
// instead of failing on the TypeScript: outside package.json's engines range it runs the
// command through scripts/with-node.mjs (node@24 from the npm registry, in .tools/).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { requiredRange, satisfies } from "../../../scripts/with-node.mjs";

const args = process.argv.slice(2);
if (satisfies(process.versions.node, requiredRange())) {
  await import("./guardrails.ts");
} else {
  const withNode = fileURLToPath(new URL("../../../scripts/with-node.mjs", import.meta.url));
  const entry = fileURLToPath(new URL("./guardrails.ts", import.meta.url));
  const child = spawn(process.execPath, [withNode, "node", entry, ...args], { stdio: "inherit" });
  process.on("SIGINT", () => undefined);
  child.on("exit", (code) => process.exit(code ?? 1));
}
