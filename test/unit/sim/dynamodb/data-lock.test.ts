import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataFolderInUseError, lockDataFolder, lockFileOf } from "@ecs-guardrails/sim/dynamodb/data-lock";
import { describe, expect, it } from "vitest";

const folder = () => join(mkdtempSync(join(tmpdir(), "guardrails-lock-")), "dynamodb");
/** The pid of a process that has exited: a lock naming it is stale. */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;
/** A running process that is not this one: pid 1 always is. */
const LIVE_PID = 1;

describe("the data folder lock", () => {
  it("is taken by writing this process's pid beside the folder, and given back on release", () => {
    const dir = folder();

    const lock = lockDataFolder(dir, "guardrails start");

    expect(JSON.parse(readFileSync(lockFileOf(dir), "utf8"))).toEqual({
      pid: process.pid,
      command: "guardrails start",
    });
    lock.release();
    expect(existsSync(lockFileOf(dir))).toBe(false);
  });

  it("is taken on a fresh clone, where not even the folder that holds the data exists yet", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "guardrails-lock-")), ".guardrails", "dynamodb");

    const lock = lockDataFolder(dir, "guardrails start");

    expect(JSON.parse(readFileSync(lockFileOf(dir), "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("refuses a folder another live process holds, naming the folder and that process", () => {
    const dir = folder();
    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: LIVE_PID, command: "guardrails start" }));

    const attempt = () => lockDataFolder(dir, "guardrails ui");

    expect(attempt).toThrow(DataFolderInUseError);
    expect(attempt).toThrow(`the data folder ${dir} is in use by pid ${LIVE_PID} (guardrails start)`);
    expect(JSON.parse(readFileSync(lockFileOf(dir), "utf8"))).toEqual({ pid: LIVE_PID, command: "guardrails start" });
  });

  it("takes over a stale lock whose process is gone", () => {
    const dir = folder();
    const dead = deadPid();
    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: dead, command: "guardrails start" }));

    const lock = lockDataFolder(dir, "guardrails start");

    expect(JSON.parse(readFileSync(lockFileOf(dir), "utf8"))).toEqual({
      pid: process.pid,
      command: "guardrails start",
    });
    lock.release();
  });

  it("takes over a lock file that is not a lock (empty, cut short)", () => {
    const dir = folder();
    writeFileSync(lockFileOf(dir), "");

    const lock = lockDataFolder(dir, "guardrails start");

    expect(JSON.parse(readFileSync(lockFileOf(dir), "utf8"))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it("leaves a lock it no longer owns in place on release", () => {
    const dir = folder();
    const lock = lockDataFolder(dir, "guardrails start");
    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: LIVE_PID, command: "guardrails start" }));

    lock.release();

    expect(JSON.parse(readFileSync(lockFileOf(dir), "utf8"))).toMatchObject({ pid: LIVE_PID });
  });
});
