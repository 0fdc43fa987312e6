import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build, type BuildOptions, type Metafile } from "esbuild";

// The esbuild options SST v4 (pinned 4.17.1, pkg/runtime/node/build.go) uses for a deployed
// Node function with the components' defaults (nodejs.minify true, format esm, no `install`):
// one ESM bundle, minified, names kept, target esnext, `sharp` and `pg-native` always external,
// the "module" field preferred, and a banner giving CommonJS dependencies `require`,
// `__filename` and `__dirname`. The infra test bundles each handler too, unminified: it checks
// that the handler bundles, not its size.
export const SST_EXTERNAL = ["sharp", "pg-native"];

const SST_BANNER = [
  "import { createRequire as topLevelCreateRequire } from 'module';",
  "const require = topLevelCreateRequire(import.meta.url);",
  'import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"',
  "const __filename = topLevelFileUrlToPath(import.meta.url)",
  'const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))',
  "",
].join("\n");

export function sstBuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "esnext",
    minify: true,
    keepNames: true,
    mainFields: ["module", "main"],
    external: SST_EXTERNAL,
    metafile: true,
    logLevel: "silent",
    banner: { js: SST_BANNER },
  };
}

export type Bundle = { file: string; bytes: number; metafile: Metafile };

export async function bundle(entry: string, outfile: string): Promise<Bundle> {
  const result = await build(sstBuildOptions(entry, outfile));
  const metafile = result.metafile!;
  const output = Object.values(metafile.outputs)[0]!;
  return { file: outfile, bytes: output.bytes, metafile };
}

/** The AWS SDK clients and commands a bundle pulled in, read from esbuild's metafile. */
export function sdkUsage(metafile: Metafile): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  // Inputs that esbuild tree-shook away still appear, with nothing in the output.
  const inOutput = Object.values(metafile.outputs)[0]!.inputs;
  for (const [input, { bytesInOutput }] of Object.entries(inOutput)) {
    if (bytesInOutput === 0) continue;
    const m = input.match(
      /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\/dist-es\/(?:commands\/([A-Za-z]+Command)\.js|[A-Za-z]+Client\.js)$/,
    );
    if (!m) continue;
    const commands = used.get(m[1]!) ?? new Set<string>();
    if (m[2]) commands.add(m[2]);
    used.set(m[1]!, commands);
  }
  return used;
}

const clientClass: Record<string, string> = {
  "client-dynamodb": "DynamoDBClient",
  "client-ecs": "ECSClient",
  "client-sns": "SNSClient",
  "client-cloudwatch": "CloudWatchClient",
  "client-application-auto-scaling": "ApplicationAutoScalingClient",
  "client-codepipeline": "CodePipelineClient",
  "client-sts": "STSClient",
  "client-organizations": "OrganizationsClient",
};

/**
 * The floor of one function: its SDK clients alone, with the commands it sends, each client
 * constructed once at import as a handler does. Nothing of the project's own code is in it.
 */
export function writeFloorEntry(usage: Map<string, Set<string>>, dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  const built: string[] = [];
  for (const [pkg, commands] of usage) {
    const cls = clientClass[pkg];
    if (!cls) throw new Error(`bench: no client class known for @aws-sdk/${pkg}; add it to clientClass`);
    lines.push(`import { ${[cls, ...commands].join(", ")} } from "@aws-sdk/${pkg}";`);
    built.push(`new ${cls}({})`);
    lines.push(`export const ${cls}Commands = [${[...commands].join(", ")}];`);
  }
  lines.push(`export const clients = [${built.join(", ")}];`);
  lines.push("export const handler = async () => clients.length;");
  const file = path.join(dir, `${name}.floor.ts`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

/**
 * What a function bundles beyond its floor, by package (the project's own code by workspace
 * package), largest first: where the bytes above the SDK clients come from.
 */
export function aboveFloor(fn: Metafile, floor: Metafile): { part: string; bytes: number }[] {
  const byPart = (m: Metafile) => {
    const parts = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(Object.values(m.outputs)[0]!.inputs)) {
      const pkg = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1];
      const part = pkg ?? input.match(/^(packages\/[^/]+|functions)\//)?.[1] ?? "other";
      parts.set(part, (parts.get(part) ?? 0) + bytesInOutput);
    }
    return parts;
  };
  const mine = byPart(fn);
  const base = byPart(floor);
  return [...mine]
    .map(([part, bytes]) => ({ part, bytes: bytes - (base.get(part) ?? 0) }))
    .filter((p) => p.bytes > 500)
    .sort((a, b) => b.bytes - a.bytes);
}

/**
 * The AWS SDK and what it alone brings in: the part of a bundle the project's code is measured
 * against. mnemonist and obliterator are the LRU cache of @aws-sdk/endpoint-cache (the DynamoDB
 * client's endpoint discovery), imported by nothing else: 7.1 kB of every bundle with DynamoDB.
 */
export const SDK_INPUT =
  /node_modules\/(@aws-sdk|@smithy|@aws-crypto|@aws\/|bowser|fast-xml-parser|tslib|strnum|uuid|mnemonist|obliterator)/;

/**
 * A function's bytes against the AWS SDK bytes inside it, bundled the way the project's check
 * does (esbuild --bundle --platform=node --target=node24 --format=esm --minify --metafile):
 * `ratio` is all bytes over the SDK's.
 */
export async function sdkShare(entry: string): Promise<{ bytes: number; sdkBytes: number; ratio: number }> {
  const result = await build({
    entryPoints: [entry],
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
  const sdkBytes = Object.entries(output.inputs).reduce(
    (sum, [input, { bytesInOutput }]) => sum + (SDK_INPUT.test(input) ? bytesInOutput : 0),
    0,
  );
  return { bytes: output.bytes, sdkBytes, ratio: output.bytes / sdkBytes };
}
