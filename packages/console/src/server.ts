import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SEVERITIES } from "@ecs-guardrails/core/notifications/notice";
import { POLICY_IDS } from "@ecs-guardrails/core/registry";
import { hostAllowed } from "@ecs-guardrails/core/util/host-header";
import { escapeHtml, page, raw } from "./html.ts";
import { renderDeployment, renderOverview, renderService, type ConsoleDeps } from "./pages.ts";

// The console's HTTP server: GET (and HEAD) of three pages, nothing else. Any other method is
// refused with 405 before a route is looked at: the console never changes anything. It binds
// to 127.0.0.1 unless told otherwise, since the history names every service and revision, and
// it answers 421 to a request for any other name (host-header.ts says why).

export const DEFAULT_HOST = "127.0.0.1";
const READ_METHODS = new Set(["GET", "HEAD"]);

// The request and response types as createServer hands them (@types/node declares two
// IncomingMessage shapes that do not unify when named directly).
type Listener = NonNullable<Parameters<typeof createServer>[1]>;
type IncomingMessage = Parameters<Listener>[0];
type ServerResponse = Parameters<Listener>[1];

export type ConsoleServer = { url: string; port: number; close(): Promise<void> };

export async function startConsoleServer(
  deps: ConsoleDeps,
  options: { port?: number; host?: string; onError?: (error: Error) => void } = {},
): Promise<ConsoleServer> {
  const host = options.host ?? DEFAULT_HOST;
  let bound = { host, port: 0 };
  const server = createServer((req, res) => {
    if (!hostAllowed(req.headers.host, bound))
      return send(
        res,
        421,
        notice(`421: this console answers http://127.0.0.1:${bound.port}/ and http://localhost:${bound.port}/ only`),
      );
    handle(deps, req, res).catch((error: Error) => {
      options.onError?.(error);
      if (!res.headersSent)
        send(res, 500, page("Error", raw(`<h1>The history could not be read</h1><p>${escapeHtml(error.message)}</p>`)));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  bound = { host, port };
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(deps: ConsoleDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!READ_METHODS.has(req.method ?? "")) {
    res.setHeader("Allow", "GET, HEAD");
    return send(
      res,
      405,
      page(
        "Method not allowed",
        raw(
          `<h1>405: the console is read-only</h1><p>${escapeHtml(req.method)} is not accepted; only GET and HEAD are.</p>`,
        ),
      ),
    );
  }
  const url = new URL(req.url ?? "/", "http://console");
  const q = (name: string) => url.searchParams.get(name) || undefined;
  const ref = () => {
    const cluster = q("cluster");
    const service = q("service");
    return cluster && service ? { cluster, service } : undefined;
  };
  switch (url.pathname) {
    case "/": {
      const problem = filterProblem(q("policy"), q("severity"));
      if (problem) return send(res, 400, notice(`400: ${problem}`));
      return send(
        res,
        200,
        await renderOverview(deps, {
          cluster: q("cluster"),
          account: q("account"),
          policy: q("policy"),
          severity: q("severity"),
        }),
      );
    }
    case "/service": {
      const r = ref();
      if (!r) return send(res, 400, notice("400: a service page needs ?cluster=…&service=…"));
      return found(res, await renderService(deps, r), `no history for ${r.cluster}/${r.service}`);
    }
    case "/deployment": {
      const r = ref();
      const id = q("id");
      if (!r || !id) return send(res, 400, notice("400: a deployment page needs ?cluster=…&service=…&id=…"));
      return found(res, await renderDeployment(deps, r, id), `no deployment ${id} of ${r.cluster}/${r.service}`);
    }
    default:
      return send(res, 404, notice(`404: no page ${url.pathname}`));
  }
}

/** A filter value the form never sends (a typed URL): said in one line rather than an empty list. */
function filterProblem(policy: string | undefined, severity: string | undefined): string | undefined {
  if (policy && !(POLICY_IDS as readonly string[]).includes(policy))
    return `unknown policy "${policy}" (one of ${POLICY_IDS.join(", ")})`;
  if (severity && !(SEVERITIES as readonly string[]).includes(severity))
    return `unknown severity "${severity}" (one of ${SEVERITIES.join(", ")})`;
  return undefined;
}

const notice = (text: string) => page(text.slice(0, 3), raw(`<h1>${escapeHtml(text)}</h1>`));

function found(res: ServerResponse, html: string | undefined, missing: string): void {
  send(res, html === undefined ? 404 : 200, html ?? notice(`404: ${missing}`));
}

function send(res: ServerResponse, status: number, html: string): void {
  const body = Buffer.from(html, "utf8");
  res.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": body.length,
    // No script runs on these pages; the policy says so to the browser too.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'",
    "Cache-Control": "no-store",
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}
