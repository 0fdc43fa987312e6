import { describe, expect, it } from "vitest";
import { digestNotice, digestOf } from "@ecs-guardrails/core/capabilities/right-sizing/digest";
import { recommend } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import { toChatMessage } from "@ecs-guardrails/core/notifications/chat-message";
import { fargateUsage, minutes, settings } from "../../../../support/right-sizing.ts";

// Savings per service (2 tasks of 1 vCPU / 4 GB now = $85.0596 a month):
// - 0.25 vCPU / 2 GB (memory 25 %): $27.7546 → saves $57.305;
// - 0.5 vCPU / 2 GB (CPU p95 40 % → 471.04 units; memory 25 %): 0.02024 + 0.00889 = 0.02913/h
//   × 730 × 2 = $42.5298 → saves $42.5298;
// - 1 vCPU / 2 GB (CPU p95 85 % → 1000.96 units): 0.04937 × 730 × 2 = $72.0802 → saves $12.9794.
const svc = (service: string, overrides: Parameters<typeof fargateUsage>[0] = {}) =>
  recommend(fargateUsage({ ref: { cluster: "prod", service }, ...overrides }), settings());

const big = svc("big-saver");
const mid = svc("mid-saver", { cpuUtilization: minutes([1440, 40]) });
const small = svc("small-saver", { cpuUtilization: minutes([1440, 85]) });
const oom = svc("oom", { oomKills: 3 });
// CPU pegged at 100 % with a 50 % margin: needs 1.5× its CPU, more short than the OOM service
// (1.2× its memory), and still listed after it: OOM kills come first.
const tight = recommend(
  fargateUsage({ ref: { cluster: "prod", service: "tight" }, cpuUtilization: minutes([1440, 100]) }),
  settings({ cpuMarginPercent: 50 }),
);
const optimized = svc("fits", { taskSize: { cpu: 256, memory: 512 }, memoryUtilization: minutes([1440, 80]) });
const young = svc("young", { cpuUtilization: minutes([60, 20]) });
const tracked = svc("tracked", {
  targetTracking: [
    { dimension: "cpu", policyName: "c", targetValue: 50 },
    { dimension: "memory", policyName: "m", targetValue: 50 },
  ],
});
const all = [small, optimized, oom, mid, young, big, tight, tracked];

describe("digestOf", () => {
  it("lists the top savings, largest first, and counts the ones left out", () => {
    const d = digestOf(all, { digestTopSavings: 2, digestTopRisks: 5 });
    expect(d.savings.map((r) => r.ref.service)).toEqual(["big-saver", "mid-saver"]);
    expect(d.rest.moreSavings).toBe(1);
    // 57.305 + 42.5298 + 12.9794 = 112.8142 a month, the small saver included.
    expect(d.totalSavingsMonthly).toBeCloseTo(112.8142, 6);
  });

  it("lists the risks, OOM-killed first, and never as savings", () => {
    const d = digestOf(all, { digestTopSavings: 5, digestTopRisks: 5 });
    expect(d.risks.map((r) => r.ref.service)).toEqual(["oom", "tight"]);
    expect(d.savings.map((r) => r.ref.service)).not.toContain("oom");
  });

  it("counts the rest by status", () => {
    expect(digestOf(all, { digestTopSavings: 5, digestTopRisks: 1 }).rest).toEqual({
      optimized: 1,
      insufficientData: 1,
      skipped: 1,
      moreSavings: 0,
      moreRisks: 1,
    });
  });
});

describe("digestNotice", () => {
  it("is one message for all services, a warning when something is at risk", () => {
    const notice = digestNotice(digestOf(all, { digestTopSavings: 2, digestTopRisks: 1 }), "2026-11-30");
    expect(notice.severity).toBe("warning");
    expect(notice.title).toBe("Right-sizing: 2 at risk, $112.81/month to save");
    expect(notice.dedupeKey).toBe("right-sizing:digest:2026-11-30");
    expect(notice.description).toContain("- prod/oom: 3 OOM kills of web:7; memory 4 GB → 5 GB");
    expect(notice.description).toContain(
      "- prod/big-saver: 1 vCPU / 4 GB → 0.25 vCPU / 2 GB, saves $57.31/month (on ARM: saves $62.85/month)",
    );
    expect(notice.description).toContain("- …and 1 more");
    expect(notice.description).toContain("The rest: 1 optimized, 1 with insufficient data, 1 skipped");
    expect(notice.description).not.toContain("small-saver");
    expect(notice.cluster).toBe("prod");
  });

  it("is informational with no risks, and fits one chat message however many services", () => {
    const many = Array.from({ length: 1000 }, (_, i) => svc(`s${i}`));
    const notice = digestNotice(digestOf(many, settings()), "2026-11-30");
    expect(notice.severity).toBe("info");
    expect(notice.description.match(/^- /gm)).toHaveLength(6); // 5 savings + "…and 995 more"
    expect(Buffer.byteLength(toChatMessage(notice).message)).toBeLessThan(10_000);
  });
});
