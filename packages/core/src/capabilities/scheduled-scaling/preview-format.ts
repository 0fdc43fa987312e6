import type { Transition } from "./preview.ts";

// Output for `guardrails schedule`: a table per service for people, or JSON for scripts.

export type ServicePreview = {
  /** A member's service behind a hub (its account and Region); none for home's. */
  account?: string;
  region?: string;
  cluster: string;
  service: string;
  schedule: string | undefined;
  transitions: Transition[];
  warnings: string[];
};

export function formatPreviewJson(previews: ServicePreview[], from: Date, days: number): string {
  return JSON.stringify({ from: from.toISOString(), days, services: previews }, null, 2);
}

export function formatPreviewText(previews: ServicePreview[], from: Date, days: number): string {
  if (previews.length === 0) return "No service in scope has a schedule.";
  // Behind a hub each title names its account and Region ("home" for the hub's own).
  const members = previews.some((p) => p.account);
  const blocks = previews.map((p) => {
    const place = members ? `${p.account ? `${p.account}/${p.region ?? "-"}` : "home"} ` : "";
    const title = `${place}${p.cluster}/${p.service}${p.schedule ? ` (schedule ${p.schedule})` : ""}`;
    const warnings = p.warnings.map((w) => `  warning: ${w}`);
    if (p.transitions.length === 0) return [title, ...warnings, `  no transitions in the next ${days} days`].join("\n");
    const rows = p.transitions.map((t) => [
      `${t.local} ${t.offset}`,
      t.zone,
      `${t.at.slice(0, 16).replace("T", " ")}Z`,
      `${t.kind} ${t.window}`,
      t.sets,
      t.dst ?? "",
    ]);
    return [
      title,
      ...warnings,
      ...table(["LOCAL", "ZONE", "UTC", "CHANGE", "SETS", "DST"], rows).map((l) => `  ${l}`),
    ].join("\n");
  });
  return [`Transitions from ${from.toISOString()} for ${days} days`, ...blocks].join("\n\n");
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
