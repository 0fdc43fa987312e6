// Server-rendered HTML: escaping, a page layout with its stylesheet inline, tables. Every page
// is one document with no script and no external asset, so it works as served, saved or
// attached to a change review.

export type Html = { readonly html: string };

export const raw = (html: string): Html => ({ html });

export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/** Tagged template: interpolated values are escaped unless they are Html (or arrays of it). */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return raw(out);
}

function render(v: unknown): string {
  if (v === undefined || v === null || v === false) return "";
  if (Array.isArray(v)) return v.map(render).join("");
  if (typeof v === "object" && "html" in v) return (v as Html).html;
  return escapeHtml(v);
}

/** `name` marks the table (data-table) for people's scripts and the browser tests; ids would repeat in a report. */
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: { name?: string; empty?: string } = {},
): Html {
  if (rows.length === 0)
    return h`<p class="empty"${raw(options.name ? ` data-table="${escapeHtml(options.name)}"` : "")}>${options.empty ?? "None."}</p>`;
  return h`<table${raw(options.name ? ` data-table="${escapeHtml(options.name)}"` : "")}><caption>${caption}</caption><thead><tr>${headers.map((c) => h`<th scope="col">${c}</th>`)}</tr></thead><tbody>${rows.map((r) => h`<tr>${r.map((c) => h`<td>${c}</td>`)}</tr>`)}</tbody></table>`;
}

export const link = (href: string, text: unknown) => h`<a href="${href}">${text}</a>`;

export function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  return q.size ? `?${q}` : "";
}

type Ref = { cluster: string; service: string };

/** Where a page's links go: the server's routes, or anchors inside one report file. */
export type Links = { home: string; service(ref: Ref): string; deployment(ref: Ref, id: string): string };

export const serverLinks = (base = "/"): Links => ({
  home: base,
  service: (ref) => `${base}service${query({ cluster: ref.cluster, service: ref.service })}`,
  deployment: (ref, id) => `${base}deployment${query({ cluster: ref.cluster, service: ref.service, id })}`,
});

/** An id safe in HTML and in a URL fragment, distinct for distinct parts. */
export const slug = (...parts: string[]) =>
  parts.map((p) => p.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)).join("--");

export const anchorLinks: Links = {
  home: "#services",
  service: (ref) => `#svc--${slug(ref.cluster, ref.service)}`,
  deployment: (ref, id) => `#dep--${slug(ref.cluster, ref.service, id)}`,
};

const STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--bad:#b3261e;--warn:#8a5300;--ok:#1a7f37;--info:#0550ae}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:16px 24px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
a{color:var(--info)}nav{font-size:13px;color:var(--muted)}table{border-collapse:collapse;width:100%;margin:6px 0}caption{text-align:left;color:var(--muted);font-size:12px;padding:2px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}th{font-weight:600;background:#f6f8fa}
.badge{display:inline-block;border-radius:10px;padding:0 8px;margin:1px 2px;font-size:12px;border:1px solid}
.b-rolling-back,.b-action-failed,.b-gone,.o-rolled-back,.o-failed,.s-critical{color:var(--bad);border-color:var(--bad)}.b-spot-fallback,.b-snoozed,.s-warning{color:var(--warn);border-color:var(--warn)}
.b-schedule-window,.b-freeze,.s-info,.o-in-progress{color:var(--info);border-color:var(--info)}.o-completed{color:var(--ok);border-color:var(--ok)}
.v-agreed{color:var(--ok);border-color:var(--ok)}.v-wrong{color:var(--bad);border-color:var(--bad)}.v-unknown{color:var(--muted);border-color:var(--muted)}.caveat{color:var(--warn);font-size:12px}
.muted,.empty{color:var(--muted)}figure{margin:8px 0}figure svg{max-width:100%;height:auto}details{margin:4px 0 12px}summary{cursor:pointer;color:var(--info)}
.attention-top{font-weight:600}.attention-rest{font-size:12px}
.chat{border-left:4px solid var(--line);padding:6px 12px;margin:8px 0;background:#f6f8fa}.chat .title{font-weight:600}.chat-buttons{margin-top:6px;display:flex;gap:6px}.chat-buttons button{font:inherit;padding:2px 10px;border:1px solid var(--line);border-radius:4px;background:#fff;color:inherit}
form.filters{display:flex;gap:12px;align-items:end;flex-wrap:wrap;margin:8px 0}form.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
.pair{display:flex;gap:16px;flex-wrap:wrap}.pair figure{flex:1 1 520px;max-width:560px}.numbers{display:flex;gap:24px;flex-wrap:wrap}.numbers div{min-width:140px}.numbers b{display:block;font-size:20px}
`;

export function page(title: string, body: Html, options: { home?: string; generated?: string } = {}): string {
  const base = options.home ?? "/";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · ecs-guardrails</title><style>${STYLE}</style></head><body><nav><a href="${escapeHtml(base)}">ecs-guardrails console</a> · read-only${options.generated ? ` · generated ${escapeHtml(options.generated)}` : ""}</nav><main>${body.html}</main></body></html>`;
}

export const badge = (cls: string, text: unknown) => h`<span class="badge ${cls}">${text}</span>`;
export const when = (iso: string | undefined) => (iso ? `${iso.slice(0, 19).replace("T", " ")}Z` : "—");
