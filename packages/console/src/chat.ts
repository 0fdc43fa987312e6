import { SEVERITY_MARKERS } from "@ecs-guardrails/core/notifications/chat-message";
import { allCustomActions, buttonsFor } from "@ecs-guardrails/core/capabilities/chat-command/actions";
import type { ChatSettings } from "@ecs-guardrails/core/capabilities/chat-command/settings";
import { escapeHtml, h, raw, type Html } from "./html.ts";

// A chat message as Slack or Teams shows it: the Amazon Q "client-markdown" title and
// description (bold, code, line breaks) as HTML. The severity emoji Slack would draw is a word
// here: many machines (Linux without an emoji font, the browser the tests use) draw 🚨 as an
// empty box, and a report attached to a change review is opened anywhere.

const SEVERITY_OF_MARKER: Record<string, string> = Object.fromEntries(
  Object.entries(SEVERITY_MARKERS).map(([severity, marker]) => [marker, severity]),
);

export function chatMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/:[a-z_]+:/g, (code) =>
      SEVERITY_OF_MARKER[code]
        ? `<span class="badge sev s-${SEVERITY_OF_MARKER[code]}" title="${code}">${SEVERITY_OF_MARKER[code]}</span>`
        : code,
    )
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\*([^*\n]+)\*/g, "<strong>$1</strong>")
    .replace(/(^|\s)_([^_\n]+)_(?=\s|$)/g, "$1<em>$2</em>")
    .replace(/\n/g, "<br>");
}

/** The buttons Amazon Q shows on a message with this context, for the configured channels (each text once). */
export function chatButtons(context: Readonly<Record<string, string>>, settings: ChatSettings): string[] {
  const actions = allCustomActions(settings).flatMap((c) => c.actions);
  return [...new Set(buttonsFor(context, actions).map((b) => b.button))];
}

/** `buttons`: shown as a chat user gets them, disabled: the console is read-only. */
export function chatBubble(message: { title: string; description: string }, buttons: readonly string[] = []): Html {
  const row = buttons.length
    ? h`<div class="chat-buttons">${buttons.map((b) => h`<button type="button" disabled>${b}</button>`)}</div>`
    : h``;
  return h`<div class="chat" role="note"><div class="title">${raw(chatMarkdown(message.title))}</div><div class="body">${raw(chatMarkdown(message.description))}</div>${row}</div>`;
}
