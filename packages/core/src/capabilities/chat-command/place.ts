import { kindOfPlace, strangerText } from "../../config/members.ts";
import type { EngineDeps } from "../../engine/deps.ts";
import type { MemberEnginePorts } from "../../engine/process-event.ts";
import type { ServiceRef } from "../../events/model.ts";
import type { Home, Place } from "../../model/service-ref.ts";

// Where a command acts: a button on a member's notice names the member's account and Region
// (chat-fields.ts), so the command reads and acts on that member's ECS as its role and claims
// under its keys. Home's own account and Region is home; an account that is no configured
// member is refused in one line, never acted on with home's clients.

/** The engine's ports, and a hub's way to a member's (functions/lib/members.ts). */
export type PlacedDeps = EngineDeps & {
  home?: Home | undefined;
  forPlace?: ((place: Place) => Promise<MemberEnginePorts>) | undefined;
};

export async function placed<D extends PlacedDeps>(
  ref: ServiceRef,
  deps: D,
): Promise<{ ref: ServiceRef; deps: D } | { error: string }> {
  if (!ref.account) return { ref, deps };
  const place = { account: ref.account, region: ref.region ?? "" };
  const kind = kindOfPlace(deps.config, deps.home, place);
  if (kind === "home") return { ref: { cluster: ref.cluster, service: ref.service }, deps };
  if (kind === "stranger" || !deps.forPlace) return { error: strangerText(place) };
  return { ref, deps: { ...deps, ...(await deps.forPlace(place)) } };
}
