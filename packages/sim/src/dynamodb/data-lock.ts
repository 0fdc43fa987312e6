import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { GuardrailsError } from "@ecs-guardrails/core/errors";

// One DynamoDB Local per data folder: two writing the same SQLite file corrupt it, and a second
// `guardrails start --fresh` would wipe the first one's data from under it. The lock is a file
// beside the folder (so --fresh, which removes the folder, keeps it) holding the owner's pid;
// a lock whose process is gone (killed, crashed) is stale and taken over.

export class DataFolderInUseError extends GuardrailsError {
  override name = "DataFolderInUseError";
}

export type DataLock = { release(): void };
type Holder = { pid: number; command: string };

export const lockFileOf = (dataDir: string) => `${dataDir}.lock`;

/** Takes the folder's lock, or throws naming the folder and the live process that holds it. */
export function lockDataFolder(dataDir: string, command: string): DataLock {
  const file = lockFileOf(dataDir);
  const mine: Holder = { pid: process.pid, command };
  // On a fresh clone not even the folder that holds the data folder exists yet.
  mkdirSync(dirname(file), { recursive: true });
  // Twice at most: the second try follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, `${JSON.stringify(mine)}\n`, { flag: "wx" });
      return ownLock(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = liveHolder(dataDir);
    if (holder) throw inUse(dataDir, holder);
    rmSync(file, { force: true });
  }
  throw inUse(dataDir, liveHolder(dataDir) ?? { pid: 0, command: "another process" });
}

/** The process holding the folder's lock, if it is still running. */
export function liveHolder(dataDir: string): Holder | undefined {
  let holder: Holder;
  try {
    holder = JSON.parse(readFileSync(lockFileOf(dataDir), "utf8")) as Holder;
  } catch {
    return undefined;
  }
  return Number.isInteger(holder.pid) && holder.pid !== process.pid && isRunning(holder.pid) ? holder : undefined;
}

/** Says in one line that the folder is taken, before anything starts. */
export function assertDataFolderFree(dataDir: string): void {
  const holder = liveHolder(dataDir);
  if (holder) throw inUse(dataDir, holder);
}

function inUse(dataDir: string, holder: Holder): DataFolderInUseError {
  return new DataFolderInUseError(
    `the data folder ${dataDir} is in use by pid ${holder.pid} (${holder.command}): stop it first, or set GUARDRAILS_HOME to another folder`,
  );
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ownLock(file: string): DataLock {
  const release = () => {
    try {
      if ((JSON.parse(readFileSync(file, "utf8")) as Holder).pid === process.pid) rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
  // If we exit without release(), the lock goes with us (a kill -9 leaves it stale instead).
  process.once("exit", release);
  return {
    release: () => {
      process.removeListener("exit", release);
      release();
    },
  };
}
