import type { PersonCommand } from "../../engine/policy.ts";
import { serviceKey } from "../../model/service-ref.ts";
import { restore } from "./decide.ts";
import type { SpotFallbackSettings } from "./settings.ts";
import { type SpotState, spotStateOf } from "./state.ts";

// What a person may ask of the Spot fallback from chat (docs/capabilities/chat-command.md), on
// the notice of a fallback: return to Spot now (the same return the cool-down would make, under
// the same key, so it happens once whoever makes it), or stay on on-demand for 24 hours. A
// button from an earlier incident, or from a fallback already returned, acts on nothing. Pure.

const current = (ask: Parameters<PersonCommand>[0]): { state: SpotState } | { refused: string } => {
  const state = spotStateOf(ask.snapshot);
  if (state.status === "normal") return { refused: "the service is not in a Spot fallback any more" };
  if (ask.key !== `spot-fallback#fallback#${state.incident}`)
    return { refused: `the button is from an earlier fallback: the current one is incident ${state.incident}` };
  if (state.mode !== "enforce") return { refused: "the fallback was only observed: the service is still on Spot" };
  return { state };
};

const returnToSpot: PersonCommand = (ask) => {
  const found = current(ask);
  if ("refused" in found) return found;
  const { state } = found;
  const decision = restore(
    ask.snapshot,
    ask.settings as SpotFallbackSettings,
    state,
    ask.now,
    state.originalStrategy ?? [],
    "full",
  );
  return {
    decision: { ...decision, threadId: ask.thread, reason: `${ask.by} asked for it from chat; ${decision.reason}` },
  };
};

const stayOnDemand: PersonCommand = (ask) => {
  const found = current(ask);
  if ("refused" in found) return found;
  const until = new Date(ask.now.getTime() + 24 * 60 * 60_000).toISOString();
  return {
    decision: {
      policy: "spot-fallback",
      key: `spot-fallback#stay#${found.state.incident}#${ask.now.toISOString()}`,
      action: undefined,
      severity: "info",
      title: `${serviceKey(ask.snapshot.ref)} stays on on-demand until ${until}`,
      reason: `${ask.by} asked for it from chat: no automatic return to Spot before then`,
      threadId: ask.thread,
      deploymentId: undefined,
      facts: { stayUntil: until, incident: String(found.state.incident) },
      state: { value: { ...found.state, stayUntil: until } as unknown as Record<string, unknown>, attention: true },
      buttons: false,
    },
  };
};

export const spotPersonCommands = { "return-to-spot": returnToSpot, "stay-on-demand": stayOnDemand };
