import type { GuardrailsConfig } from "../../config/schema.ts";
import { kindOfPlace, strangerText } from "../../config/members.ts";
import type { Home, Place } from "../../model/service-ref.ts";

// Where a job's service runs (pure): a pipeline in one account may deploy to another, and its
// UserParameters then name the service by ARN. Home when the ARN names home (or names nothing);
// a member of organization.members in one of its Regions; anything else is a mistake in the
// pipeline's configuration, said in one line naming the account, never acted on with home's
// ECS. Without a home (tests, local tools) every job is home's, as before accounts.

export type JobPlace = { ok: true; place: Place | undefined } | { ok: false; problem: string };

export function jobPlace(arnPlace: Place | undefined, home: Home | undefined, config: GuardrailsConfig): JobPlace {
  if (!arnPlace || !home) return { ok: true, place: undefined };
  const kind = kindOfPlace(config, home, arnPlace);
  if (kind === "home") return { ok: true, place: undefined };
  if (kind === "member") return { ok: true, place: arnPlace };
  return {
    ok: false,
    problem: `UserParameters.service names ${strangerText(arnPlace).replace(" is neither", ", which is neither")}`,
  };
}
