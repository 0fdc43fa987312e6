// Where the timeline's deployment labels go so that none overlaps another. ECharts lays out
// mark-area labels without looking at their neighbours, and many short deployments side by
// side would print over each other. Each label is centred over its band, in the first of a few
// rows above the plot where it clears the labels already there; a label that fits no row is
// left out (the chart's table view and description still list every deployment). Pure.

/** Pixels per character, generous for an 11 px sans-serif (DejaVu Sans, the usual fallback, is wide). */
export const CHAR_WIDTH_11PX = 7;
const GAP = 6;

export type Span = { centre: number; text: string };

export type Placement = { row: number; shift: number } | undefined;

/**
 * Each label's row (0 nearest the plot) and its horizontal shift from its band's centre, which
 * keeps it inside the plot's width (`bounds`: away from the axis' own labels); undefined when it
 * fits none of `rows`.
 */
export function labelRows(
  spans: readonly Span[],
  rows: number,
  bounds: { left: number; right: number } = { left: -Infinity, right: Infinity },
  charWidth = CHAR_WIDTH_11PX,
): Placement[] {
  const taken: { from: number; to: number }[][] = Array.from({ length: rows }, () => []);
  return spans.map(({ centre, text }) => {
    const half = (text.length * charWidth) / 2 + GAP / 2;
    const placed = Math.min(Math.max(centre, bounds.left + half), bounds.right - half);
    const box = { from: placed - half, to: placed + half };
    const row = taken.findIndex((r) => r.every((o) => box.to <= o.from || box.from >= o.to));
    if (row < 0) return undefined;
    taken[row]!.push(box);
    return { row, shift: placed - centre };
  });
}

/** The pixel x of a time on an axis from `min` to `max` drawn from `left` to `right`. */
export const xOf = (t: number, axis: { min: number; max: number; left: number; right: number }) =>
  axis.left + ((t - axis.min) / Math.max(1, axis.max - axis.min)) * (axis.right - axis.left);
