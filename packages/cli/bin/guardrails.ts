#!/usr/bin/env node
// The `guardrails` command (npx guardrails …). Node ≥ 22.22.2 runs this TypeScript directly.
import { main } from "../src/main.ts";

// `guardrails history | head`: a closed pipe ends the output, it is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
