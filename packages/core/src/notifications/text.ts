// Small string helpers for channel formatting. Lengths are in UTF-16 code units (JS string
// length); a cut never splits a surrogate pair, so the result stays valid UTF-8 on the wire.

/** C0/C1 control characters and DEL; `keep` lists the ones allowed through (e.g. "\n"). */
export function stripControl(text: string, keep = ""): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (keep.includes(c) ? c : " "));
}

/** Collapses all whitespace, line breaks included, into single spaces. */
export function oneLine(text: string): string {
  return stripControl(text).replace(/\s+/g, " ").trim();
}

/** Cuts `text` to at most `max` code units, ending with `ellipsis` when cut. */
export function clip(text: string, max: number, ellipsis = "…"): string {
  if (text.length <= max) return text;
  return cutAt(text, Math.max(0, max - ellipsis.length)).trimEnd() + ellipsis;
}

/** The first `n` code units of `text`, one shorter if that would split a surrogate pair. */
export function cutAt(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

// Characters with no compatibility decomposition that still have an obvious ASCII spelling.
const ASCII_SPELLINGS: Record<string, string> = {
  "→": "->",
  "⇒": "=>",
  "←": "<-",
  "↔": "<->",
  "—": "-",
  "–": "-",
  "‐": "-",
  "‑": "-",
  "−": "-",
  "‘": "'",
  "’": "'",
  "‚": "'",
  "“": '"',
  "”": '"',
  "„": '"',
  "•": "-",
  "·": "-",
  "×": "x",
  "≥": ">=",
  "≤": "<=",
  "≠": "!=",
};

/**
 * Printable ASCII only, on one line: accents dropped (é → e), a few symbols spelled out
 * (→ becomes ->, … becomes ...), anything else removed.
 */
export function toAscii(text: string): string {
  const spelled = oneLine(text)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, (c) => ASCII_SPELLINGS[c] ?? "");
  return spelled.replace(/ {2,}/g, " ").trim();
}

/** Chat markdown reduced to plain text for previews: emphasis marks and link syntax removed. */
export function plainText(markdown: string): string {
  return oneLine(
    markdown
      .replace(/<([^|>\s]+)\|([^>]+)>/g, "$2") // Slack links: <url|text>
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, "$1") // markdown links: [text](url)
      .replace(/[*`~]/g, ""),
  );
}
