import { isIP } from "node:net";

// DNS rebinding: a web page can point a name it controls at 127.0.0.1, and the browser then
// treats our local servers (the console, the AWS endpoints) as that page's own origin and lets
// it read the history or call the endpoints. The request still carries the page's name in its
// Host header, so they answer only the names a person or an SDK uses for them. An address
// literal cannot be rebound, so a server told to bind every interface (--host 0.0.0.0) also
// answers any address on its port.

const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "::1"]);
const WILDCARDS = new Set(["0.0.0.0", "::"]);

/** Whether a request's Host header names this server: `bound` is the address and port it listens on. */
export function hostAllowed(header: string | undefined, bound: { host: string; port: number }): boolean {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/.exec((header ?? "").trim().toLowerCase());
  if (!match || Number(match[2]) !== bound.port) return false;
  const name = match[1]!.replace(/^\[(.*)\]$/, "$1");
  if (LOOPBACK_NAMES.has(name) || name === bound.host.toLowerCase()) return true;
  return WILDCARDS.has(bound.host) && isIP(name) !== 0;
}
