import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateApp, MOCK_ACCOUNT } from "../support/sst-harness.ts";
import { type RpcServer, startRpcServer } from "../support/sst-mocks-rpc.ts";

// The harness must fail where a deploy would: these checks keep the infra tests honest.

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.relative(ROOT, path.join(import.meta.dirname, "fixtures"));

describe("evaluating an app", () => {
  it("fails when a function's handler file does not exist", async () => {
    const evaluation = evaluateApp({
      configPath: path.join(import.meta.dirname, "fixtures/missing-handler.config.ts"),
    });
    await expect(evaluation).rejects.toThrow(/Could not find a file for handler "functions\/does-not-exist.handler"/);
  });
});

describe("Runtime.Build", () => {
  let rpc: RpcServer;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "sst-harness-"));
    rpc = await startRpcServer({ root: ROOT, work, account: MOCK_ACCOUNT });
  });

  afterAll(async () => {
    await rpc.close();
    await rm(work, { recursive: true, force: true });
  });

  async function build(handler: string): Promise<{ errors: string[] }> {
    const response = await fetch(`${rpc.url}/rpc`, {
      method: "POST",
      body: JSON.stringify({
        method: "Runtime.Build",
        params: [{ functionID: "Probe", handler, runtime: "nodejs24.x" }],
      }),
    });
    return ((await response.json()) as { result: { errors: string[] } }).result;
  }

  it("bundles a handler that exists and exports the named function", async () => {
    expect((await build(`${FIXTURES}/handler.handler`)).errors).toEqual([]);
  });

  it("reports an import that cannot be resolved", async () => {
    expect((await build(`${FIXTURES}/broken-import.handler`)).errors.join("\n")).toMatch(/does-not-exist\.mjs/);
  });

  it("reports a handler file that does not export the named function", async () => {
    expect((await build(`${FIXTURES}/handler.main`)).errors.join("\n")).toMatch(/does not export "main"/);
  });
});
