// The fields of a notice's additional context that chat buttons read (Amazon Q Developer
// custom actions take their variables from the notification): the service, the decision's
// key, its thread and the kind of notice it is, when a person may decide on it. Written by the
// engine for every decision's notice; the chat commands' catalog maps its variables to them.

import { serviceKey } from "../model/service-ref.ts";

export const CHAT_FIELDS = {
  /**
   * "cluster/service" for home's service, "account/region/cluster/service" for a member's: the
   * button acts where the notice was about, with no variable of its own (≤ 5 per button, and
   * the command text stays as short).
   */
  ref: "chatRef",
  /** The decision's key as enforced (an observation's record key without its "@observe"). */
  key: "chatKey",
  thread: "chatThread",
  /** The notice's kind, when it offers a person something to decide (a capability's `offers`). */
  offer: "chatOffer",
} as const;

/** The context fields a decision's notice carries for chat buttons. */
export function chatContext(
  ref: { cluster: string; service: string; account?: string | undefined; region?: string | undefined },
  key: string,
  thread: string,
  offer: string | undefined,
): Record<string, string> {
  return {
    [CHAT_FIELDS.ref]: serviceKey(ref),
    [CHAT_FIELDS.key]: key,
    [CHAT_FIELDS.thread]: thread,
    ...(offer ? { [CHAT_FIELDS.offer]: offer } : {}),
  };
}
