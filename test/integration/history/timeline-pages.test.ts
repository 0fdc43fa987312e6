import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import { freshStore } from "../../support/history.ts";
import { type SeedEntry, timelineEntries, writeTimeline } from "../../support/timeline-seed.ts";

// The timeline's pages as the CLI reads them (DynamoDB Local): a kind filter, a time bound and
// a short cursor that names the last entry shown.

const ref = { cluster: "prod", service: "web" };
const minute = (m: number) => new Date(Date.parse("2026-11-20T10:00:00.000Z") + m * 60_000).toISOString();

/** 60 entries a minute apart, one decision every 20: sparse enough to need several queries. */
const SEEDS: SeedEntry[] = Array.from({ length: 60 }, (_, m) => ({
  type: m % 20 === 7 ? "decision" : m % 2 ? "task-stopped" : "deployment",
  time: minute(m),
}));

async function seeded() {
  const { store, client, tableName } = await freshStore();
  const entries = timelineEntries(ref, SEEDS);
  await writeTimeline(client, tableName, entries);
  const newestFirst = [...entries].sort((a, b) => b.time.localeCompare(a.time));
  return { store, newestFirst };
}

async function allPages(
  read: (cursor: string | undefined) => Promise<{ items: TimelineEntry[]; cursor: string | undefined }>,
) {
  const pages: TimelineEntry[][] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    pages.push(page.items);
    cursor = page.cursor;
  } while (cursor && pages.length < 100);
  return pages;
}

describe("a service's timeline, page by page", () => {
  it("gives full pages of only the kinds asked for, however sparse, and the cursor resumes after the last one", async () => {
    const { store, newestFirst } = await seeded();
    const decisions = newestFirst.filter((e) => e.type === "decision");

    const pages = await allPages((cursor) =>
      store.timeline(ref, { limit: 2, types: ["decision"], ...(cursor ? { cursor } : {}) }),
    );

    expect(pages[0]).toEqual(decisions.slice(0, 2));
    expect(pages.flat()).toEqual(decisions);
  });

  it("ends a page on the last entry it shows when the query read past it", async () => {
    const { store, newestFirst } = await seeded();
    const kinds = newestFirst.filter((e) => e.type !== "task-stopped");

    const pages = await allPages((cursor) =>
      store.timeline(ref, { limit: 7, types: ["deployment", "decision"], ...(cursor ? { cursor } : {}) }),
    );

    expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    expect(pages.flat()).toEqual(kinds);
  });

  it("stops at the time bound, and a cursor from before it reads nothing", async () => {
    const { store, newestFirst } = await seeded();
    const since = minute(50);

    const recent = await store.timeline(ref, { limit: 100, since });
    const unbounded = await store.timeline(ref, { limit: 20 });
    const older = await store.timeline(ref, { limit: 5, since, cursor: unbounded.cursor! });

    expect(recent.items).toEqual(newestFirst.filter((e) => e.time >= since));
    expect(recent.cursor).toBeUndefined();
    expect(older).toEqual({ items: [], cursor: undefined });
  });

  it("hands out a cursor of a few dozen characters, the last entry's key", async () => {
    const { store, newestFirst } = await seeded();

    const page = await store.timeline(ref, { limit: 3 });

    expect(page.items).toEqual(newestFirst.slice(0, 3));
    expect(page.cursor!.length).toBeLessThanOrEqual(84);
    expect(page.cursor).toMatch(/^[\w-]+$/);
  });

  it("rejects a cursor it did not hand out", async () => {
    const { store } = await freshStore();

    await expect(store.timeline(ref, { cursor: "not-a-cursor" })).rejects.toThrow(/not a timeline cursor/);
  });
});
