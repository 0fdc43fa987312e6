import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import type { Notice } from "@ecs-guardrails/core/notifications/notice";
import type { RecommendationStore, StoredRecommendation } from "@ecs-guardrails/core/capabilities/right-sizing/ports";
import { recommend } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import { sendWeeklyDigest, weekOf } from "@ecs-guardrails/core/capabilities/right-sizing/right-sizing-digest";
import { fargateUsage, settings } from "../../../../support/right-sizing.ts";

// The weekly digest's once-per-week rule, with an in-memory store that claims as the
// DynamoDB one does (test/integration/rightsizing/run.test.ts runs it against DynamoDB Local).

function memoryStore(stored: StoredRecommendation[]): RecommendationStore & { claims: Map<string, string> } {
  const claims = new Map<string, string>();
  return {
    claims,
    latest: async (ref) => stored.find((s) => s.recommendation.ref.service === ref.service),
    list: async () => stored,
    save: async () => undefined,
    claimDigest: async (week) => {
      if (claims.get(week) === "sent" || claims.get(week) === "sending") return false;
      claims.set(week, "sending");
      return true;
    },
    finishDigest: async (week, outcome) => void claims.set(week, outcome.sent ? "sent" : "failed"),
  };
}

const NOW = new Date("2026-11-20T10:00:00Z");
const at = NOW.toISOString();
const web = { recommendation: recommend(fargateUsage(), settings()), at, announcedAt: at, change: [] };

describe("the weekly digest", () => {
  it("is keyed by the week's Monday, UTC", () => {
    expect(weekOf(new Date("2026-11-16T00:00:00Z"))).toBe("2026-11-16");
    expect(weekOf(new Date("2026-11-22T23:59:59Z"))).toBe("2026-11-16");
    expect(weekOf(new Date("2026-11-23T00:00:00Z"))).toBe("2026-11-23");
  });

  it("is sent again by the retry when the first publish failed", async () => {
    const store = memoryStore([web]);
    const sent: Notice[] = [];
    let fail = true;
    const notifier = {
      publish: async (n: Notice) => (fail ? Promise.reject(new Error("SNS throttled")) : void sent.push(n)),
    };
    const deps = { config: parseConfig({}), recommendations: store, notifier, clock: { now: () => NOW } };

    await expect(sendWeeklyDigest(deps)).rejects.toThrow("SNS throttled");
    expect(store.claims.get("2026-11-16")).toBe("failed");
    fail = false;
    const retried = await sendWeeklyDigest(deps);

    expect(retried.status).toBe("sent");
    expect(sent).toHaveLength(1);
    expect(await sendWeeklyDigest(deps)).toEqual({ status: "already-sent", week: "2026-11-16" });
  });

  it("says nothing when right-sizing is off, or when no run stored anything this week", async () => {
    const sent: Notice[] = [];
    const notifier = { publish: async (n: Notice) => void sent.push(n) };
    const stale = { ...web, at: "2026-11-01T00:00:00.000Z" };

    const off = await sendWeeklyDigest({
      config: parseConfig({ policies: { "right-sizing": { mode: "off" } } }),
      recommendations: memoryStore([web]),
      notifier,
      clock: { now: () => NOW },
    });
    const old = await sendWeeklyDigest({
      config: parseConfig({}),
      recommendations: memoryStore([stale]),
      notifier,
      clock: { now: () => NOW },
    });

    expect(off).toMatchObject({ status: "nothing-to-say", reason: "right-sizing is off" });
    expect(old).toMatchObject({ status: "nothing-to-say" });
    expect(sent).toEqual([]);
  });
});

describe("the weekly digest's observe section", () => {
  const evidence = (service: string, verdicts: ("agreed" | "observe would have been wrong" | "unknown")[]) => ({
    cluster: "prod",
    service,
    since: "2026-11-13T10:00:00.000Z",
    lines: verdicts.map((verdict, i) => ({
      at: `2026-11-1${5 + i}T10:00:00.000Z`,
      policy: "auto-rollback",
      action: "rollback",
      wouldHave: `Roll back prod/${service} from ${service}:42 to ${service}:41`,
      next:
        verdict === "agreed"
          ? "a person rolled the same release back by hand 20 minutes later (to web:41)"
          : `${service}:42 completed 12 minutes later and nobody rolled it back: the rollback would have undone a release that worked`,
      verdict,
    })),
    counts: {
      agreed: verdicts.filter((v) => v === "agreed").length,
      "observe would have been wrong": verdicts.filter((v) => v === "observe would have been wrong").length,
      unknown: verdicts.filter((v) => v === "unknown").length,
    },
  });

  it("counts the week's observed actions and names those where observe would have been wrong", async () => {
    const sent: Notice[] = [];
    const asked: string[][] = [];
    const deps = {
      config: parseConfig({}),
      recommendations: memoryStore([web]),
      notifier: { publish: async (n: Notice) => void sent.push(n) },
      clock: { now: () => NOW },
      observed: async (since: string, now: string) => {
        asked.push([since, now]);
        return [
          evidence("web", ["agreed", "observe would have been wrong"]),
          evidence("api", []),
          evidence("cart", ["agreed"]),
        ];
      },
    };

    await sendWeeklyDigest(deps);

    expect(asked).toEqual([["2026-11-13T10:00:00.000Z", "2026-11-20T10:00:00.000Z"]]);
    expect(sent[0]!.description.split("\n\n").at(-1)).toBe(
      [
        "**Observe, since 2026-11-13:** 3 action(s) observe would have taken on 2 service(s): 2 agreed, 1 observe would have been wrong, 0 unknown.",
        "- prod/web: Roll back prod/web from web:42 to web:41; web:42 completed 12 minutes later and nobody rolled it back: the rollback would have undone a release that worked",
        "Every line, with what happened next: `guardrails observe-report --since 7d`",
      ].join("\n"),
    );
  });

  it("is left out when nothing was observed", async () => {
    const sent: Notice[] = [];
    const deps = {
      config: parseConfig({}),
      recommendations: memoryStore([web]),
      notifier: { publish: async (n: Notice) => void sent.push(n) },
      clock: { now: () => NOW },
      observed: async () => [evidence("api", [])],
    };

    await sendWeeklyDigest(deps);

    expect(sent[0]!.description).not.toContain("Observe");
  });
});
