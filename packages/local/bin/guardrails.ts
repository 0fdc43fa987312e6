#!/usr/bin/env node
// The `guardrails` command (npx guardrails …). Node ≥ 22.18 runs this TypeScript directly.
import { main } from "../src/cli/main.ts";

process.exitCode = await main(process.argv.slice(2));
