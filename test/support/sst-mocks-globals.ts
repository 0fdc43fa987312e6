import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as Pulumi from "../../.sst/platform/node_modules/@pulumi/pulumi/index.js";

// The SST CLI bundles sst.config.ts with esbuild and injects these globals before evaluating
// it (see .sst/platform/src/shim/run.js and global.d.ts). Components read them at call time,
// so they must exist before run() starts. This mirrors sst@4.17.1: re-check on upgrade.

export type PulumiModule = typeof Pulumi;

export type CliApp = {
  readonly name: string;
  readonly stage: string;
  readonly removal: "remove" | "retain" | "retain-all";
  readonly protect: boolean;
  readonly providers: Record<string, unknown>;
};

export type CliPaths = {
  readonly root: string;
  readonly work: string;
  readonly platform: string;
  readonly home: string;
};

/** Loads a module of the installed platform, e.g. "src/components/index.ts". */
export function importPlatform<T>(platform: string, file: string): Promise<T> {
  return import(pathToFileURL(path.join(platform, file)).href) as Promise<T>;
}

/**
 * The components import `@pulumi/pulumi` from the platform's node_modules; the harness must
 * drive that same instance or its mocks and stack would be invisible to them.
 */
export function importPlatformPulumi(platform: string): Promise<PulumiModule> {
  return importPlatform<PulumiModule>(platform, "node_modules/@pulumi/pulumi/index.js");
}

export async function installCliGlobals(options: {
  readonly pulumi: PulumiModule;
  readonly platform: string;
  readonly app: CliApp;
  readonly paths: CliPaths;
  readonly rpcUrl: string;
}): Promise<void> {
  const { pulumi, platform } = options;
  const globals = globalThis as Record<string, unknown>;

  Object.assign(globals, {
    $app: options.app,
    $dev: false,
    $cli: {
      command: "deploy",
      rpc: options.rpcUrl,
      paths: options.paths,
      state: { version: {} },
    },
    // sst.config.ts calls $config at import time; the CLI's version only returns its argument.
    $config: (config: unknown) => config,
    $secrets: {},
    $util: pulumi,
    $output: pulumi.output,
    $resolve: pulumi.all,
    $interpolate: pulumi.interpolate,
    $concat: pulumi.concat,
    $jsonParse: pulumi.jsonParse,
    $jsonStringify: pulumi.jsonStringify,
  });

  const component = await importPlatform<Record<string, unknown>>(platform, "src/components/component.ts");
  const link = await importPlatform<{ Link: { linkable: unknown } }>(platform, "src/components/link.ts");
  const sst = await importPlatform<Record<string, unknown>>(platform, "src/components/index.ts");
  const aws = await importPlatform<Record<string, unknown>>(platform, "node_modules/@pulumi/aws/index.js");
  Object.assign(globals, {
    $transform: component.$transform,
    $asset: component.$asset,
    $linkable: link.Link.linkable,
    sst,
    aws,
  });
}
