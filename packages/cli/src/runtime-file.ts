import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

// `npm start` leaves a note of where it serves, so `guardrails history` can read the same
// DynamoDB Local instead of opening its data files a second time.

/** Where the local runtime keeps its data; GUARDRAILS_HOME moves it (tests, several checkouts). */
export const STATE_DIR = process.env["GUARDRAILS_HOME"] ?? ".guardrails";
export const DATA_DIR = join(STATE_DIR, "dynamodb");
export const DEAD_LETTER_FILE = join(STATE_DIR, "dead-letters.jsonl");
const RUNTIME_FILE = join(STATE_DIR, "runtime.json");

export type RuntimeNote = {
  pid: number;
  dynamoEndpoint: string;
  endpoint: string;
  table: string;
  /** Where the local dead-letter queue is (`guardrails redrive`); absent in a note from an older start. */
  deadLetterQueueUrl?: string;
  /** The simulated member accounts behind it (`npm start -- --accounts N`), reached as the member role. */
  members?: string[];
  memberRoleName?: string;
};

export function writeRuntimeNote(note: RuntimeNote): void {
  mkdirSync(dirname(RUNTIME_FILE), { recursive: true });
  writeFileSync(RUNTIME_FILE, `${JSON.stringify(note, null, 2)}\n`);
}

export function removeRuntimeNote(): void {
  rmSync(RUNTIME_FILE, { force: true });
}

/** The running backend's note, if its process is still alive. */
export function readRuntimeNote(): RuntimeNote | undefined {
  if (!existsSync(RUNTIME_FILE)) return undefined;
  const note = JSON.parse(readFileSync(RUNTIME_FILE, "utf8")) as RuntimeNote;
  try {
    process.kill(note.pid, 0);
    return note;
  } catch {
    return undefined;
  }
}
