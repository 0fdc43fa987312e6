import { type Bill, eventsPerMonth, type MeasuredInputs } from "./guardrails-bill.ts";

// What a hub adds to the bill: EventBridge charges for each event a rule delivers to an event
// bus in another account (docs/design/aws-facts.md, "Organizations"). AWS service events on the
// member's own default bus stay free, so do the rules, the hub's bus and AssumeRole.

/** $ per event delivered to another account's bus (EventBridge pricing, us-east-1). */
export const CROSS_ACCOUNT_EVENT_USD = 1 / 1e6;

export type AccountsBill = Bill & { readonly workload: Bill["workload"] & { readonly accounts: number } };

/**
 * The bill of one hub over `accounts` accounts, the hub's own included, the workload spread
 * evenly: the events of all but the hub's account cross to the hub's bus. One account is the
 * single-account install and its bill is returned unchanged.
 */
export function withAccounts(bill: Bill, measured: MeasuredInputs, accounts: number): Bill | AccountsBill {
  if (accounts <= 1) return bill;
  const events = Object.values(eventsPerMonth(measured, bill.workload.taskEventsPerMonth)).reduce((a, b) => a + b, 0);
  const crossing = (events * (accounts - 1)) / accounts;
  const line = {
    item: `EventBridge cross-account delivery (${accounts - 1} of ${accounts} accounts to the hub)`,
    quantity: crossing,
    unit: "events",
    cost: crossing * CROSS_ACCOUNT_EVENT_USD,
  };
  return {
    lines: [...bill.lines, line],
    total: bill.total + line.cost,
    workload: { ...bill.workload, accounts },
  };
}
