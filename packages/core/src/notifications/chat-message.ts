import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import type { Notice, Severity } from "./notice.ts";
import { clip, cutAt, oneLine, plainText, stripControl, toAscii } from "./text.ts";

/**
 * A notice as one SNS publish: the Amazon Q Developer custom notification (docs/design/aws-facts.md#amazon-q-developer-in-chat-applications) as
 * `message`, a plain subject for e-mail subscribers and attributes for subscription filter
 * policies.
 */
export type ChatMessage = {
  subject: string;
  message: string;
  attributes: Record<string, string>;
};

/** Amazon Q drops, without a word, any message whose version is not "1.0" or source not "custom". */
export type CustomNotification = {
  version: "1.0";
  source: "custom";
  id: string;
  content: {
    textType: "client-markdown";
    title: string;
    description: string;
    nextSteps: string[];
    keywords: string[];
  };
  metadata: {
    threadId: string;
    summary: string;
    eventType: string;
    relatedResources: string[];
    additionalContext: Record<string, string>;
  };
};

export const SEVERITY_MARKERS: Record<Severity, string> = {
  critical: ":rotating_light:",
  warning: ":warning:",
  info: ":information_source:",
};

/**
 * SNS takes 256 KiB per publish, message attributes included (docs/design/aws-facts.md#api-budgets-and-service-limits); the message gets
 * 250 KiB and the rest is room for subject and attributes. Every field but the description has
 * a cap, so whatever the description is, it is the description that gives way.
 */
export const CHAT_LIMITS = {
  messageBytes: 250 * 1024,
  /** SNS: "must be less than 100 characters", ASCII, no line breaks. */
  subject: 99,
  title: 200,
  summary: 280,
  listItems: 10,
  item: 512,
  keyword: 64,
  resource: 2048,
  contextEntries: 20,
  contextKey: 64,
  contextValue: 1024,
  /** threadId, eventType and message attribute values. */
  label: 256,
} as const;

export function toChatMessage(notice: Notice): ChatMessage {
  return {
    subject: chatSubject(notice),
    message: JSON.stringify(toCustomNotification(notice)),
    attributes: chatAttributes(notice),
  };
}

export function toCustomNotification(notice: Notice): CustomNotification {
  const draft: CustomNotification = {
    version: "1.0",
    source: "custom",
    id: notificationId(notice.dedupeKey),
    content: {
      textType: "client-markdown",
      title: clip(`${SEVERITY_MARKERS[notice.severity]} ${headline(notice)}`, CHAT_LIMITS.title),
      description: "",
      nextSteps: list(notice.nextSteps, CHAT_LIMITS.item, "\n"),
      keywords: list(notice.keywords, CHAT_LIMITS.keyword),
    },
    metadata: {
      threadId: label(notice.threadId),
      summary: summary(notice),
      eventType: label(notice.eventType),
      relatedResources: list(notice.relatedResources, CHAT_LIMITS.resource),
      additionalContext: additionalContext(notice),
    },
  };
  draft.content.description = fitDescription(draft, description(notice));
  return draft;
}

/** E.g. "[CRITICAL] prod/web: Rolled back prod/web to web:41", printable ASCII, one line. */
export function chatSubject(notice: Notice): string {
  const title = toAscii(notice.title) || toAscii(notice.eventType);
  const subject = toAscii(`[${notice.severity.toUpperCase()}] ${where(notice)}: ${title}`);
  return clip(subject, CHAT_LIMITS.subject, "...");
}

/** The SNS message attributes, for subscription filter policies; empty values are left out. */
export function chatAttributes(notice: Notice): Record<string, string> {
  const attributes: Record<string, string> = {};
  const { severity, policy, cluster, service, eventType, account, region } = notice;
  for (const [name, value] of Object.entries({ severity, policy, cluster, service, eventType, account, region })) {
    if (value === undefined) continue;
    const clean = label(value);
    if (clean) attributes[name] = clean;
  }
  return attributes;
}

// A dedupe key may hold ARNs, slashes and colons; the id is its digest: stable and plain hex.
function notificationId(dedupeKey: string): string {
  return createHash("sha256").update(dedupeKey).digest("hex").slice(0, 32);
}

/** "prod/web", or "123456789012/eu-west-1 prod/web" for a member account's service. */
function where(notice: Notice): string {
  const place = notice.account ? `${notice.account}/${notice.region ?? "-"} ` : "";
  return `${place}${notice.cluster}/${notice.service}`;
}

function placeLine(notice: Notice): string {
  return notice.account
    ? ` · *Account:* ${code(notice.account)}${notice.region ? ` · *Region:* ${code(notice.region)}` : ""}`
    : "";
}

function headline(notice: Notice): string {
  return oneLine(notice.title) || `${oneLine(notice.eventType)} on ${notice.cluster}/${notice.service}`;
}

function summary(notice: Notice): string {
  const head = `[${notice.severity.toUpperCase()}] ${where(notice)}: ${headline(notice)}`;
  const reason = plainText(notice.description);
  return clip(reason ? `${head} - ${reason}` : head, CHAT_LIMITS.summary);
}

/** Facts first (cluster, service, revisions, policy), then the notice's own paragraphs. */
function description(notice: Notice): string {
  const lines = [`*Cluster:* ${code(notice.cluster)} · *Service:* ${code(notice.service)}${placeLine(notice)}`];
  const revisions = revisionLine(notice.context);
  if (revisions) lines.push(revisions);
  lines.push(`*Policy:* ${oneLine(notice.policy)} (${notice.severity})`);
  const body = stripControl(notice.description, "\n\t").trim();
  return body ? `${lines.join("\n")}\n\n${body}` : lines.join("\n");
}

function revisionLine(context: Record<string, string>): string | undefined {
  const from = context.fromTaskDefinition;
  const to = context.toTaskDefinition;
  if (from && to) return `*Revisions:* ${code(revision(from))} → ${code(revision(to))}`;
  const only = to ?? from ?? context.taskDefinition;
  return only ? `*Revision:* ${code(revision(only))}` : undefined;
}

/** "arn:aws:ecs:…:task-definition/web:41" reads as "web:41" in chat; the ARN stays in metadata. */
function revision(taskDefinition: string): string {
  const i = taskDefinition.indexOf(":task-definition/");
  return i >= 0 ? taskDefinition.slice(i + ":task-definition/".length) : taskDefinition;
}

function code(value: string): string {
  return `\`${clip(oneLine(value).replaceAll("`", "'"), CHAT_LIMITS.label)}\``;
}

function additionalContext(notice: Notice): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(notice.context).slice(0, CHAT_LIMITS.contextEntries)) {
    out[clip(oneLine(key), CHAT_LIMITS.contextKey)] = clip(oneLine(String(value)), CHAT_LIMITS.contextValue);
  }
  // The notice's identity wins over a context entry of the same name.
  out.severity = notice.severity;
  out.policy = label(notice.policy);
  out.cluster = label(notice.cluster);
  out.service = label(notice.service);
  if (notice.account) out.account = label(notice.account);
  if (notice.region) out.region = label(notice.region);
  out.dedupeKey = label(notice.dedupeKey);
  return out;
}

function list(items: readonly string[], max: number, keep = ""): string[] {
  return items
    .slice(0, CHAT_LIMITS.listItems)
    .map((item) => clip(stripControl(item, keep).trim(), max))
    .filter((item) => item.length > 0);
}

function label(value: string): string {
  return clip(oneLine(value), CHAT_LIMITS.label);
}

/** The description as is when the message fits, else its longest prefix that fits plus a note. */
function fitDescription(draft: CustomNotification, full: string): string {
  const available = CHAT_LIMITS.messageBytes - Buffer.byteLength(JSON.stringify(draft));
  if (jsonBytes(full) <= available) return full;
  const cut = (n: number) => {
    const kept = cutAt(full, n).trimEnd();
    return `${kept}\n\n_… description truncated: ${kept.length} of ${full.length} characters shown._`;
  };
  let lo = 0;
  let hi = full.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (jsonBytes(cut(mid)) <= available) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}

/** Bytes a string takes inside the JSON message, escapes included, quotes excluded. */
function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) - 2;
}
