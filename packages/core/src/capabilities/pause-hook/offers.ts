// Which of this capability's recorded decisions offer a person something to decide in chat
// (docs/capabilities/chat-command.md): the notice kind its message names (chatOffer).

/** The pause itself (noted, awaiting an answer) offers the person Continue / Roll back. */
export const pauseOffers = (decision: { key: string; action?: unknown }, verdict: string) =>
  verdict === "noted" && !decision.action && decision.key.endsWith("#paused") ? "paused-deployment" : undefined;
