import { readdirSync, readFileSync, readlinkSync } from "node:fs";

// What a process tree holds, read from /proc (Linux) so the tests need no tool: its pids and
// the TCP sockets it listens on.

export type Listening = { pid: number; address: string; port: number };

/** `root` and every process descended from it (a detached child keeps its parent pid). */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const ppid = parentOf(Number(name));
    if (ppid !== undefined) parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}

export function isAlive(pid: number): boolean {
  try {
    // A zombie (exited, not yet reaped) is not running anything.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return "";
  }
}

/** Every TCP socket in LISTEN state that one of `pids` holds open. */
export function listeningSockets(pids: readonly number[]): Listening[] {
  const listening = new Map([...tcpListeners("/proc/net/tcp", false), ...tcpListeners("/proc/net/tcp6", true)]);
  const found: Listening[] = [];
  for (const pid of pids) {
    for (const inode of socketInodes(pid)) {
      const socket = listening.get(inode);
      if (socket) found.push({ pid, ...socket });
    }
  }
  return found;
}

/** 127.0.0.0/8, ::1 and the IPv4-mapped loopback (::ffff:127.x.y.z). */
export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === "::1" || /^::ffff:127\./.test(address);
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: the fields after its last ")".
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

function socketInodes(pid: number): string[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  return fds.flatMap((fd) => {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      return match ? [match[1]!] : [];
    } catch {
      return [];
    }
  });
}

const LISTEN = "0A";

function tcpListeners(file: string, v6: boolean): [string, { address: string; port: number }][] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[3] === LISTEN)
    .map((f) => {
      const [hex, port] = f[1]!.split(":");
      return [f[9]!, { address: v6 ? ipv6(hex!) : ipv4(hex!), port: parseInt(port!, 16) }];
    });
}

/** /proc prints each 32-bit word of the address in host (little-endian) byte order. */
function words(hex: string): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < hex.length; i += 8)
    out.push([0, 2, 4, 6].map((j) => parseInt(hex.slice(i + j, i + j + 2), 16)).reverse());
  return out;
}

function ipv4(hex: string): string {
  return words(hex)[0]!.join(".");
}

function ipv6(hex: string): string {
  const bytes = words(hex).flat();
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return `::ffff:${bytes.slice(12).join(".")}`;
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  return groups
    .join(":")
    .replace(/(^|:)0(:0)+(:|$)/, "::")
    .replace(/^:::?/, "::");
}
