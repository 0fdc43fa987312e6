import { escapeHtml, h, raw, type Html } from "./html.ts";

// A chat message as Slack or Teams shows it: the Amazon Q "client-markdown" title and
// description (bold, code, line breaks, the severity emoji) as HTML.

const EMOJI: Record<string, string> = { ":rotating_light:": "🚨", ":warning:": "⚠️", ":information_source:": "ℹ️" };

export function chatMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/:[a-z_]+:/g, (code) => EMOJI[code] ?? code)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\*([^*\n]+)\*/g, "<strong>$1</strong>")
    .replace(/(^|\s)_([^_\n]+)_(?=\s|$)/g, "$1<em>$2</em>")
    .replace(/\n/g, "<br>");
}

export function chatBubble(message: { title: string; description: string }): Html {
  return h`<div class="chat" role="note"><div class="title">${raw(chatMarkdown(message.title))}</div><div>${raw(chatMarkdown(message.description))}</div></div>`;
}
