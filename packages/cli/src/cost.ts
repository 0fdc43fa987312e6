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
import { InvalidArgumentError } from "commander";
import { defineCommand } from "./command.ts";
import { table, type Out } from "./output.ts";
import { positiveInteger } from "./values.ts";

const DESCRIPTION = [
  "The monthly AWS bill of the guardrails themselves (not of the services they guard), from the",
  "inputs the bench measured (DynamoDB units per event kind, Lambda duration and memory, the",
  "reconcile's calls per service) in bench/measured.json; refresh them with",
  "`npm run bench -- --cold --write`. Prices: us-east-1 on-demand, no free tier.",
].join(" ");

/** bench/measured.json, from packages/cli/src. */
export const MEASURED_FILE = fileURLToPath(new URL("../../../bench/measured.json", import.meta.url));

const run = z.object({
  warmMs: z.number(),
  warmCpuMs: z.number(),
  initCpuMs: z.number(),
  logBytesPerInvocation: z.number(),
});
const usage = z.object({ events: z.number(), requests: z.number(), readUnits: z.number(), writeUnits: z.number() });
const measuredSchema = z.object({
  measuredAt: z.optional(z.string()),
  lambda: z.object({ ingest: run, reconcile: run }),
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

/** A whole number ≥ 0 (0 services is a valid what-if). */
function wholeNumber(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError("expected a whole number of at least 0.");
  return n;
}

function memorySize(raw: string): number {
  const n = wholeNumber(raw);
  if (n < 128 || n > 10_240) throw new InvalidArgumentError("expected a memory size between 128 and 10240 MB.");
  return n;
}

type CostFlags = {
  services: number;
  taskEventsPerMonth: number;
  memory: number;
  accounts: number;
  measured?: string;
  json?: boolean;
};

/** `guardrails cost`: the guardrails' own monthly bill, line by line, with the prices used. */
export const costCommand = defineCommand({
  name: "cost",
  summary: "the guardrails' own monthly AWS bill",
  description: DESCRIPTION,
  options: [
    {
      flags: "--services <n>",
      description: "services in scope",
      default: DEFAULT_WORKLOAD.services,
      parse: wholeNumber,
    },
    {
      flags: "--task-events-per-month <m>",
      description: "ECS task state changes a month",
      default: DEFAULT_WORKLOAD.taskEventsPerMonth,
      parse: wholeNumber,
    },
    {
      flags: "--memory <mb>",
      description: "both functions' memory size, as deployed by default",
      default: DEFAULT_WORKLOAD.memoryMB.ingest,
      parse: memorySize,
    },
    {
      flags: "--accounts <n>",
      description: "accounts the services are spread over, the hub's included (docs/organizations.md)",
      default: 1,
      parse: positiveInteger(),
    },
    { flags: "--measured <file>", description: "another measured-inputs file (default bench/measured.json)" },
    { flags: "--json", description: "one JSON object: workload, lines, total, prices, memory options" },
  ],
  examples: [
    "guardrails cost",
    "guardrails cost --services 1000 --task-events-per-month 10000000 --json",
    "guardrails cost --services 3000 --accounts 10",
  ],
  run: async (_args, options, { out }) => printBill(options as CostFlags, out),
});

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
