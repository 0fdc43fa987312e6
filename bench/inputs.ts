// node bench/inputs.ts [function …] [--top 15]
// Per function: its bytes, the AWS SDK bytes inside them and their ratio, bundled as the check
// does (bundle.ts sdkShare), then the largest inputs that are not the SDK's: what to cut first.
import { readdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { SDK_INPUT } from "./bundle.ts";

const { values, positionals } = parseArgs({
  options: { top: { type: "string", default: "15" } },
  allowPositionals: true,
});
const ROOT = path.resolve(import.meta.dirname, "..");
const names =
  positionals.length > 0
    ? positionals
    : readdirSync(path.join(ROOT, "functions"))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => f.slice(0, -3));
const kb = (b: number) => `${(b / 1000).toFixed(1)} kB`;

for (const name of names) {
  const result = await build({
    entryPoints: [path.join(ROOT, "functions", `${name}.ts`)],
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    minify: true,
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs).map(([input, { bytesInOutput }]) => ({ input, bytes: bytesInOutput }));
  const sdk = inputs.filter((i) => SDK_INPUT.test(i.input)).reduce((t, i) => t + i.bytes, 0);
  console.log(`${name}: ${kb(output.bytes)} total, ${kb(sdk)} SDK, ratio ${(output.bytes / sdk).toFixed(3)}`);
  const rest = inputs.filter((i) => !SDK_INPUT.test(i.input) && i.bytes > 0).sort((a, b) => b.bytes - a.bytes);
  for (const i of rest.slice(0, Number(values.top))) console.log(`  ${kb(i.bytes).padStart(9)}  ${i.input}`);
}
