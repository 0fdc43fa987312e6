import { InvalidArgumentError } from "commander";
import { TIMELINE_TYPES, type TimelineType } from "@ecs-guardrails/core/history/model";
import { UsageError } from "./command.ts";

// `guardrails history`'s filters: which kinds of entry (--type, --decisions) and from when
// (--since). Parsers throw the reason only; the parser names the flag and the value.

/** A time bound as given: so long back from now, or a time. */
export type Since = { back: number } | { at: string };

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function since(raw: string): Since {
  const relative = /^\s*(\d+)\s*([mhdw])\s*$/.exec(raw);
  if (relative) return { back: Number(relative[1]) * UNITS[relative[2]!]! };
  // A date alone (2026-11-01) or a time; anything Date.parse would guess at is refused.
  if (/^\d{4}-\d\d-\d\d/.test(raw.trim()) && !Number.isNaN(Date.parse(raw))) return { at: new Date(raw).toISOString() };
  throw new InvalidArgumentError("expected a duration back from now (30d, 12h, 45m) or an ISO-8601 time.");
}

/** The ISO time a bound stands for at `now` (stored times are ISO strings, compared as such). */
export function sinceTime(bound: Since, now: Date): string {
  return "at" in bound ? bound.at : new Date(now.getTime() - bound.back).toISOString();
}

/** One kind or several, comma-separated. */
export function kinds(raw: string): TimelineType[] {
  const asked = raw.split(",").map((k) => k.trim());
  const known = new Set<string>(TIMELINE_TYPES);
  if (asked.some((k) => !known.has(k)))
    throw new InvalidArgumentError(`expected one of: ${TIMELINE_TYPES.join(", ")} (or several, comma-separated).`);
  return [...new Set(asked)] as TimelineType[];
}

/** The kinds a run asks for: --decisions is --type decision. */
export function askedKinds(flags: { decisions?: boolean; type?: TimelineType[] }): TimelineType[] | undefined {
  if (flags.decisions && flags.type) throw new UsageError("--decisions is --type decision: pass one of them");
  return flags.decisions ? ["decision"] : flags.type;
}

/**
 * A member account's service behind a hub: `ACCOUNT/REGION`, the form its notices' subjects use.
 * The Region is required: one account's `prod/web` in two Regions are two services.
 */
export function accountPlace(raw: string): { account: string; region: string } {
  const [account = "", region, ...rest] = raw.trim().split("/");
  if (!/^\d{12}$/.test(account))
    throw new InvalidArgumentError("expected a 12-digit account id and its Region, as ACCOUNT/REGION.");
  if (!region || rest.length > 0)
    throw new InvalidArgumentError(
      `expected the member's account and Region, as ${account}/REGION (e.g. ${account}/eu-west-1).`,
    );
  return { account, region };
}

/** `--account` of the listing commands: `home`, an account (every Region of it), or ACCOUNT/REGION. */
export type AccountFilter = { account: string; region?: string };

export function accountFilter(raw: string): AccountFilter {
  const [account = "", region, ...rest] = raw.trim().split("/");
  if (account === "home" && region === undefined) return { account };
  if (!/^\d{12}$/.test(account) || region === "" || rest.length > 0)
    throw new InvalidArgumentError(
      "expected home, a 12-digit account id, or ACCOUNT/REGION (e.g. 444455556666/eu-west-1).",
    );
  return region ? { account, region } : { account };
}
