import { CHAT_FIELDS } from "../../notifications/chat-fields.ts";
import { type Arg, COMMANDS, type CommandDefinition, type NoticeKind } from "./catalog.ts";
import { allowedCommands, type ChatSettings } from "./settings.ts";

// The Amazon Q Developer custom actions the catalog derives (CloudFormation
// AWS::Chatbot::CustomAction, see docs/capabilities/chat-command.md): per channel, one action
// per command the channel may run, whose command text invokes the command function through the
// channel's own Lambda alias. A button's variables come from the notice's additional context
// (notifications/chat-fields.ts); a variable the notice does not map (a reason) is asked of
// the person by Amazon Q.

/** The variable each arg is in a command text, and where a button reads it in the notification. */
export const VARIABLES: Record<Arg, { name: string; path: string | undefined }> = {
  ref: { name: "r", path: `event.metadata.additionalContext.${CHAT_FIELDS.ref}` },
  key: { name: "k", path: `event.metadata.additionalContext.${CHAT_FIELDS.key}` },
  thread: { name: "t", path: `event.metadata.additionalContext.${CHAT_FIELDS.thread}` },
  reason: { name: "m", path: undefined },
};
const OFFER = { name: "o", path: `event.metadata.additionalContext.${CHAT_FIELDS.offer}` };

/** Amazon Q's custom notifications are attached to as this notification type. */
export const NOTIFICATION_TYPE = "Custom";

export type Criterion = { Operator: "HAS_VALUE" | "EQUALS"; VariableName: string; Value?: string };
export type Attachment = {
  NotificationType: string;
  ButtonText: string;
  Criteria: Criterion[];
  Variables: Record<string, string>;
};
export type CustomAction = {
  ActionName: string;
  AliasName: string;
  Definition: { CommandText: string };
  Attachments?: Attachment[];
};

/** The command text: `lambda invoke` of the channel's alias with the payload [name, ...$args]. */
export function commandText(command: CommandDefinition, functionName: string, channel: string): string {
  const payload = JSON.stringify([command.name, ...command.args.map((a) => `$${VARIABLES[a].name}`)]);
  return `lambda invoke --function-name ${functionName}:${channel} --payload ${payload}`;
}

/** One attachment per notice kind that carries the command's button. */
export function attachmentsOf(command: CommandDefinition): Attachment[] {
  if (!command.button) return [];
  const variables = Object.fromEntries(
    command.args.flatMap((a) => (VARIABLES[a].path ? [[VARIABLES[a].name, VARIABLES[a].path!]] : [])),
  );
  return command.kinds.map((kind) => ({
    NotificationType: NOTIFICATION_TYPE,
    ButtonText: command.button!,
    Criteria: criteriaOf(command, kind),
    Variables: kind === "service" ? variables : { ...variables, [OFFER.name]: OFFER.path },
  }));
}

/** A kind's button shows where the notice names it; a service's on any decision's notice about one. */
function criteriaOf(command: CommandDefinition, kind: NoticeKind): Criterion[] {
  const mapped = command.args.filter((a) => VARIABLES[a].path);
  const has = mapped.map((a): Criterion => ({ Operator: "HAS_VALUE", VariableName: VARIABLES[a].name }));
  return kind === "service" ? has : [{ Operator: "EQUALS", VariableName: OFFER.name, Value: kind }, ...has];
}

/** The channel's custom actions: one per command it may run. */
export function customActions(settings: ChatSettings, channel: string, channels: number): CustomAction[] {
  const allowed = allowedCommands(settings, channel);
  return COMMANDS.filter((c) => allowed.includes(c.name)).map((c) => ({
    ActionName: `${c.alias}-${channel}`,
    // With one channel, the alias is the command's own; with more, each channel's is named
    // after it (aliases are the account's: they must differ, in 30 characters).
    AliasName: channels > 1 ? `${channel}-${c.name}` : c.alias,
    Definition: { CommandText: commandText(c, settings.functionName, channel) },
    ...(c.button ? { Attachments: attachmentsOf(c) } : {}),
  }));
}

/** Every custom action the configuration deploys, by channel. */
export function allCustomActions(settings: ChatSettings): { channel: string; actions: CustomAction[] }[] {
  const channels = Object.keys(settings.channels);
  return channels.map((channel) => ({ channel, actions: customActions(settings, channel, channels.length) }));
}

/** The buttons a notification's additional context shows, as Amazon Q matches the criteria. */
export function buttonsFor(
  context: Readonly<Record<string, string>>,
  actions: readonly CustomAction[],
): { action: string; button: string }[] {
  const value = (path: string | undefined) =>
    path ? context[path.replace("event.metadata.additionalContext.", "")] : undefined;
  return actions.flatMap((a) =>
    (a.Attachments ?? [])
      .filter((att) =>
        att.Criteria.every((c) => {
          const v = value(att.Variables[c.VariableName]);
          return c.Operator === "HAS_VALUE" ? Boolean(v) : v === c.Value;
        }),
      )
      .map((att) => ({ action: a.ActionName, button: att.ButtonText })),
  );
}
