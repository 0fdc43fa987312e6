// Which of this capability's recorded decisions offer a person something to decide in chat
// (docs/capabilities/chat-command.md): the notice kind its message names (chatOffer).

/** A fallback that moved the service (enforced) offers a return now or a longer stay. */
export const spotOffers = (decision: { action?: { type: string } | undefined }, verdict: string) =>
  decision.action?.type === "capacity-fallback" && verdict === "acted" ? "capacity-fallback" : undefined;
