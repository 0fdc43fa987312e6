import type { ServiceState } from "@ecs-guardrails/core/history/model";
import type { ConsoleDecision } from "./decisions.ts";

// Spot incidents, told from the spot-fallback decisions: the fallback opens incident N (with
// its extra cost per hour), the full return closes it (with duration and on-demand cost as the
// policy computed them). An incident still open is timed up to now from the policy's state.

export type SpotIncident = {
  incident: number;
  since: string;
  trigger: string;
  endedAt: string | undefined;
  durationHours: number;
  /** Extra on-demand cost: the policy's figure when it closed, else estimated from the hourly rate. */
  extraCost: number | undefined;
  extraCostPerHour: number | undefined;
  onDemandTaskHours: number | undefined;
  mode: string;
};

export function spotIncidents(
  decisions: readonly ConsoleDecision[],
  state: ServiceState | undefined,
  now: Date,
): SpotIncident[] {
  const byNumber = new Map<number, SpotIncident>();
  const oldestFirst = [...decisions]
    .filter((d) => d.policy === "spot-fallback")
    .sort((a, b) => a.time.localeCompare(b.time));
  for (const d of oldestFirst) {
    const n = Number(d.facts["incident"]);
    if (!Number.isInteger(n)) continue;
    if (d.key.startsWith("spot-fallback#fallback#")) {
      byNumber.set(n, {
        incident: n,
        since: d.time,
        trigger: d.facts["trigger"] ?? "",
        endedAt: undefined,
        durationHours: 0,
        extraCost: undefined,
        extraCostPerHour: num(d.facts["extraCostPerHour"]),
        onDemandTaskHours: undefined,
        mode: d.mode,
      });
    } else if (d.key.startsWith("spot-fallback#restore#")) {
      const open = byNumber.get(n) ?? {
        incident: n,
        since: d.facts["since"] ?? d.time,
        trigger: "",
        endedAt: undefined,
        durationHours: 0,
        extraCost: undefined,
        extraCostPerHour: undefined,
        onDemandTaskHours: undefined,
        mode: d.mode,
      };
      byNumber.set(n, {
        ...open,
        since: d.facts["since"] ?? open.since,
        endedAt: d.time,
        durationHours: num(d.facts["durationHours"]) ?? hours(open.since, d.time),
        extraCost: num(d.facts["extraCost"]),
        onDemandTaskHours: num(d.facts["onDemandTaskHours"]),
      });
    }
  }
  const spot = state?.policies["spot-fallback"] as { status?: string; incident?: number; since?: string } | undefined;
  const current =
    spot && spot.status !== "normal" && spot.incident !== undefined ? byNumber.get(spot.incident) : undefined;
  for (const i of byNumber.values()) {
    if (i.endedAt) continue;
    // Open only while the policy's state says so; otherwise its end was not recorded (trimmed).
    const end = i === current ? now.toISOString() : undefined;
    if (!end) continue;
    i.durationHours = hours(i.since, end);
    i.extraCost = i.extraCostPerHour !== undefined ? round2(i.extraCostPerHour * i.durationHours) : undefined;
  }
  return [...byNumber.values()].sort((a, b) => b.since.localeCompare(a.since));
}

export function formatDuration(hoursValue: number): string {
  const minutes = Math.round(hoursValue * 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  return `${h} h ${String(minutes % 60).padStart(2, "0")} min`;
}

const num = (s: string | undefined) =>
  s === undefined || s === "" || !Number.isFinite(Number(s)) ? undefined : Number(s);
const hours = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 3_600_000);
const round2 = (n: number) => Math.round(n * 100) / 100;
