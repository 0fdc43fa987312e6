import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { build, type BuildFailure } from "esbuild";

// Stands in for the two calls the SST CLI answers over `SST_SERVER` while components evaluate.
// Runtime.Build really bundles, so a handler path that does not resolve fails the evaluation.

/** One Runtime.Build request: which function asked for which handler, and what came of it. */
export type BuildRecord = {
  readonly functionID: string;
  readonly handler: string;
  readonly runtime: string;
  readonly errors: readonly string[];
  /** The source files bundled, relative to the root (esbuild's metafile): what the function can run. */
  readonly inputs: readonly string[];
};

export type RpcServer = {
  readonly url: string;
  readonly builds: readonly BuildRecord[];
  close(): Promise<void>;
};

export type RpcServerOptions = {
  /** Where handler paths are resolved from (the CLI's `$cli.paths.root`). */
  readonly root: string;
  /** Scratch directory for bundles (the CLI's `$cli.paths.work`). */
  readonly work: string;
  readonly account: string;
};

type BuildInput = {
  functionID: string;
  handler: string;
  runtime: string;
  properties?: { install?: string[] };
};

const HANDLER_EXTENSIONS = [".ts", ".mts", ".tsx", ".js", ".mjs", ".jsx", ".cts", ".cjs"] as const;

export async function startRpcServer(options: RpcServerOptions): Promise<RpcServer> {
  const builds: BuildRecord[] = [];
  const methods: Record<string, (args: never) => Promise<unknown>> = {
    "Provider.Aws.Bootstrap": async () => bootstrapData(options.account),
    "Runtime.Build": async (input: BuildInput) => {
      const result = await bundleHandler(input, options);
      builds.push({
        functionID: input.functionID,
        handler: input.handler,
        runtime: input.runtime,
        errors: result.errors,
        inputs: result.inputs,
      });
      return result;
    },
  };

  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", async () => {
      const { method, params } = JSON.parse(body) as { method: string; params: unknown[] };
      const handle = methods[method];
      // The components treat this exact prefix as "method not found" and fall back.
      const reply = handle
        ? await handle(params[0] as never).then(
            (result) => ({ result }),
            (error: unknown) => ({ error: String(error) }),
          )
        : { error: `rpc: can't find method ${method}` };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    builds,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function bootstrapData(account: string) {
  return {
    asset: "sst-asset-mock",
    assetEcrRegistryId: account,
    assetEcrUrl: `${account}.dkr.ecr.us-east-1.amazonaws.com/sst-asset-mock`,
    state: "sst-state-mock",
    appsyncHttp: "",
    appsyncRealtime: "",
  };
}

/** Bundles like the CLI does for Node runtimes: one ESM file per handler, CJS deps shimmed. */
async function bundleHandler(input: BuildInput, options: RpcServerOptions) {
  const out = path.join(options.work, "artifacts", `${input.functionID}-src`);
  const fail = (message: string) => ({
    handler: input.handler,
    out,
    errors: [message],
    sourcemaps: [],
    inputs: [] as string[],
  });

  const exportName = path.extname(input.handler).slice(1);
  const file = input.handler.slice(0, -(exportName.length + 1));
  const extension = HANDLER_EXTENSIONS.find((ext) => existsSync(path.join(options.root, file + ext)));
  if (!exportName || !extension) {
    return fail(`Could not find a file for handler "${input.handler}" under ${options.root}`);
  }

  const outfile = path.join(out, `${file}.mjs`);
  try {
    const result = await build({
      entryPoints: [path.join(options.root, file + extension)],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node24",
      metafile: true,
      logLevel: "silent",
      external: input.properties?.install ?? [],
      banner: {
        js: 'import { createRequire as __sstCreateRequire } from "node:module"; const require = __sstCreateRequire(import.meta.url);',
      },
    });
    const exported = Object.values(result.metafile.outputs)[0]?.exports ?? [];
    if (!exported.includes(exportName)) {
      return fail(`"${file}${extension}" does not export "${exportName}" (exports: ${exported.join(", ")})`);
    }
    // esbuild names inputs relative to the working directory.
    const inputs = Object.keys(result.metafile.inputs).map((name) => path.relative(options.root, path.resolve(name)));
    return { handler: input.handler, out, errors: [], sourcemaps: [], inputs };
  } catch (error) {
    const failure = error as BuildFailure;
    return fail((failure.errors ?? [failure]).map((e) => ("text" in e ? e.text : String(e))).join("\n"));
  }
}
