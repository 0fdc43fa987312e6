import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

// The schemas library for everything that runs in a function: zod/mini builds the same schemas
// as zod in ~23 kB instead of ~470 kB of the bundle, which is most of the difference between a
// handler and its SDK clients alone (docs/design/benchmarks.md "Cold start and bundle size"). It ships no messages
// by default; the English locale gives the ones users read ("Too small: expected number to be
// >=1", "expected string, received undefined"), so every schema imports z from here:
// `import * as z from "../zod.ts"` (a star re-export, so esbuild still drops what is unused).
config(en());

export * from "zod/mini";
