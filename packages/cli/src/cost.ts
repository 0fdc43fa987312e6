import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import {
  DEFAULT_WORKLOAD,
  memoryOptions,
  monthlyBill,
  type MeasuredInputs,
  type Workload,
} from "@ecs-guardrails/core/pricing/guardrails-bill";
import { CROSS_ACCOUNT_EVENT_USD, withAccounts } from "@ecs-guardrails/core/pricing/cross-account";
import { PRICE_UNITS, US_EAST_1 } from "@ecs-guardrails/core/pricing/prices";
import * as z from "@ecs-guardrails/core/zod";
import type { CommandRun } from "./command.ts";
import { table, type Out } from "./output.ts";

/** bench/measured.json, from packages/cli/src. */
export const MEASURED_FILE = fileURLToPath(new URL("../../../bench/measured.json", import.meta.url));

const measuredRun = z.object({
  warmMs: z.number(),
  warmCpuMs: z.number(),
  initCpuMs: z.number(),
  logBytesPerInvocation: z.number(),
});
const usage = z.object({ events: z.number(), requests: z.number(), readUnits: z.number(), writeUnits: z.number() });
const measuredSchema = z.object({
  measuredAt: z.optional(z.string()),
  lambda: z.object({ ingest: measuredRun, reconcile: measuredRun }),
  dynamodb: z.record(z.string(), usage),
  snsPublishesPerEvent: z.record(z.string(), z.number()),
  reconcile: z.object({
    services: z.number(),
    ecsCallsPerService: z.number(),
    perService: z.object({ requests: z.number(), readUnits: z.number(), writeUnits: z.number() }),
  }),
});

export function readMeasured(file: string = MEASURED_FILE): MeasuredInputs & { measuredAt?: string | undefined } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new GuardrailsError(
      `cannot read the measured inputs ${file}: ${(error as Error).message}; run \`npm run bench -- --cold --write\``,
    );
  }
  const parsed = measuredSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
    throw new GuardrailsError(
      `${file} is not a measured-inputs file (${problems.join("; ")}); run \`npm run bench -- --cold --write\``,
    );
  }
  return parsed.data;
}

type CostFlags = {
  services: number;
  taskEventsPerMonth: number;
  memory: number;
  accounts: number;
  measured?: string;
  json?: boolean;
};

/** Runs `guardrails cost`: commands/cost.ts declares it, and imports this module when it runs. */
export const run: CommandRun = async (_args, options, { out }) => printBill(options as CostFlags, out);

async function printBill(flags: CostFlags, out: Out): Promise<number> {
  const workload: Workload = {
    ...DEFAULT_WORKLOAD,
    services: flags.services,
    taskEventsPerMonth: flags.taskEventsPerMonth,
    memoryMB: { ingest: flags.memory, reconcile: flags.memory },
  };
  const measured = readMeasured(flags.measured);
  const bill = withAccounts(monthlyBill(measured, workload), measured, flags.accounts);
  const memoryTable = memoryOptions(measured, workload);
  const prices = Object.entries(PRICE_UNITS).map(([key, p]) => ({
    price: p.what,
    usd: US_EAST_1[key as keyof typeof PRICE_UNITS] * p.per,
    unit: p.unit,
  }));
  if (flags.accounts > 1) {
    prices.push({ price: "EventBridge cross-account events", usd: CROSS_ACCOUNT_EVENT_USD * 1e6, unit: "per million" });
  }
  if (flags.json) {
    out.json({
      workload: bill.workload,
      lines: bill.lines,
      total: bill.total,
      prices: US_EAST_1,
      memoryOptions: memoryTable,
      measuredAt: measured.measuredAt,
    });
    return 0;
  }
  out.line(
    `Monthly bill of the guardrails: ${workload.services} services${flags.accounts > 1 ? ` across ${flags.accounts} accounts` : ""}, ${workload.taskEventsPerMonth.toLocaleString("en-US")} task events a month (${US_EAST_1.region})\n`,
  );
  out.line(
    table(
      bill.lines.map((l) => ({ item: l.item, quantity: quantity(l.quantity), unit: l.unit, cost: usd(l.cost) })),
      ["item", "quantity", "unit", "cost"],
    ),
  );
  out.line(`\nTotal: ${usd(bill.total)} a month\n`);
  out.line(
    table(
      memoryTable.map((m) => ({
        memory: `${m.memoryMB} MB`,
        "warm event": `${m.ingestWarmMs.toFixed(1)} ms`,
        "cold init": `${m.ingestInitMs.toFixed(0)} ms`,
        "lambda duration": usd(m.lambdaDurationCost),
        total: usd(m.total),
      })),
      ["memory", "warm event", "cold init", "lambda duration", "total"],
    ),
  );
  out.line(`\nPrices used (${US_EAST_1.region}, on-demand, free tiers left out):`);
  out.line(
    table(
      prices.map((p) => ({ price: p.price, usd: `$${Number(p.usd.toPrecision(6))}`, unit: p.unit })),
      ["price", "usd", "unit"],
    ),
  );
  out.line(
    `\nMeasured inputs: ${flags.measured ?? "bench/measured.json"}${measured.measuredAt ? ` (${measured.measuredAt})` : ""}; refresh with \`npm run bench -- --cold --write\``,
  );
  return 0;
}

function usd(n: number): string {
  return n >= 0.01 || n === 0 ? `$${n.toFixed(2)}` : `$${n.toPrecision(2)}`;
}

function quantity(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString("en-US") : Number(n.toPrecision(4)).toString();
}
