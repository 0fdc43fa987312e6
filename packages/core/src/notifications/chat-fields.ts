// The fields of a notice's additional context that chat buttons read (Amazon Q Developer
// custom actions take their variables from the notification): the service, the decision's
// key, its thread and the kind of notice it is, when a person may decide on it. Written by the
// engine for every decision's notice; the chat commands' catalog maps its variables to them.

export const CHAT_FIELDS = {
  /** "cluster/service". */
  ref: "chatRef",
  /** The decision's key as enforced (an observation's record key without its "@observe"). */
  key: "chatKey",
  thread: "chatThread",
  /** The notice's kind, when it offers a person something to decide (a capability's `offers`). */
  offer: "chatOffer",
} as const;

/** The context fields a decision's notice carries for chat buttons. */
export function chatContext(
  ref: { cluster: string; service: string },
  key: string,
  thread: string,
  offer: string | undefined,
): Record<string, string> {
  return {
    [CHAT_FIELDS.ref]: `${ref.cluster}/${ref.service}`,
    [CHAT_FIELDS.key]: key,
    [CHAT_FIELDS.thread]: thread,
    ...(offer ? { [CHAT_FIELDS.offer]: offer } : {}),
  };
}
