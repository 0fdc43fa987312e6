import { describe, expect, it } from "vitest";
import { DEFAULT_WORKLOAD, monthlyBill } from "@ecs-guardrails/core/pricing/guardrails-bill";
import { CROSS_ACCOUNT_EVENT_USD, withAccounts } from "@ecs-guardrails/core/pricing/cross-account";

// Round numbers, as in the bill test: 900,000 task events and 100,000 deployment events a month.
const measured = {
  lambda: {
    ingest: { warmMs: 10, warmCpuMs: 4, initCpuMs: 100, logBytesPerInvocation: 400 },
    reconcile: { warmMs: 200, warmCpuMs: 50, initCpuMs: 100, logBytesPerInvocation: 300 },
  },
  dynamodb: {
    task: { events: 900, requests: 1, readUnits: 0.1, writeUnits: 3 },
    deployment: { events: 100, requests: 3, readUnits: 1, writeUnits: 7 },
  },
  snsPublishesPerEvent: { task: 0, deployment: 0.01 },
  reconcile: { services: 40, ecsCallsPerService: 0.25, perService: { requests: 1.5, readUnits: 2, writeUnits: 0 } },
};
const workload = { ...DEFAULT_WORKLOAD, services: 400, taskEventsPerMonth: 900_000 };

describe("the bill across accounts", () => {
  it("prices cross-account delivery at $1.00 per million events", () => {
    expect(CROSS_ACCOUNT_EVENT_USD * 1e6).toBe(1);
  });

  it("adds nothing for one account: the single-account install", () => {
    const bill = monthlyBill(measured, workload);
    expect(withAccounts(bill, measured, 1)).toEqual(bill);
  });

  it("bills the events of every account but the hub's own as delivered to another account's bus", () => {
    const single = monthlyBill(measured, workload);
    const four = withAccounts(single, measured, 4);
    const line = four.lines.find((l) => l.item.startsWith("EventBridge cross-account delivery"));
    // 1,000,000 events a month, spread over 4 accounts: the 3 members' 750,000 cross to the hub.
    expect(line).toMatchObject({ quantity: 750_000, unit: "events" });
    expect(line!.cost).toBeCloseTo(0.75, 10);
    expect(four.total).toBeCloseTo(single.total + 0.75, 10);
  });

  it("names the accounts in the workload", () => {
    expect(withAccounts(monthlyBill(measured, workload), measured, 4).workload).toMatchObject({ accounts: 4 });
  });
});
