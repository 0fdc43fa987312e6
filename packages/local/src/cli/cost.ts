import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { DEFAULT_WORKLOAD, memoryOptions, monthlyBill, type MeasuredInputs, type Workload } from "@ecs-guardrails/core/pricing/guardrails-bill";
import { PRICE_UNITS, US_EAST_1 } from "@ecs-guardrails/core/pricing/prices";
import * as z from "@ecs-guardrails/core/zod";
import { table, type Out } from "./output.ts";

export const COST_USAGE = `usage: guardrails cost [--services N] [--task-events-per-month M] [--memory MB] [--json] [--measured FILE]

The monthly AWS bill of the guardrails themselves (not of the services they guard), from the
inputs the bench measured (DynamoDB units per event kind, Lambda duration and memory, the
reconcile's calls per service) in bench/measured.json; refresh them with
\`npm run bench -- --cold --write\`. Prices: us-east-1 on-demand, no free tier.

  --services N                 services in scope (default ${DEFAULT_WORKLOAD.services})
  --task-events-per-month M    ECS task state changes a month (default ${DEFAULT_WORKLOAD.taskEventsPerMonth})
  --memory MB                  both functions' memory size (default: as deployed, ${DEFAULT_WORKLOAD.memoryMB.ingest})
  --json                       one JSON object: workload, lines, total, prices, memory options
  --measured FILE              another measured-inputs file`;

/** bench/measured.json, from packages/local/src/cli. */
export const MEASURED_FILE = fileURLToPath(new URL("../../../../bench/measured.json", import.meta.url));

const run = z.object({ warmMs: z.number(), warmCpuMs: z.number(), initCpuMs: z.number(), logBytesPerInvocation: z.number() });
const usage = z.object({ events: z.number(), requests: z.number(), readUnits: z.number(), writeUnits: z.number() });
const measuredSchema = z.object({
  measuredAt: z.optional(z.string()),
  lambda: z.object({ ingest: run, reconcile: run }),
  dynamodb: z.record(z.string(), usage),
  snsPublishesPerEvent: z.record(z.string(), z.number()),
  reconcile: z.object({ services: z.number(), ecsCallsPerService: z.number(), perService: z.object({ requests: z.number(), readUnits: z.number(), writeUnits: z.number() }) }),
});

export function readMeasured(file: string = MEASURED_FILE): MeasuredInputs & { measuredAt?: string | undefined } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new GuardrailsError(`cannot read the measured inputs ${file}: ${(error as Error).message}; run \`npm run bench -- --cold --write\``);
  }
  const parsed = measuredSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
    throw new GuardrailsError(`${file} is not a measured-inputs file (${problems.join("; ")}); run \`npm run bench -- --cold --write\``);
  }
  return parsed.data;
}

function count(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new GuardrailsError(`${flag} must be a whole number ≥ 0 (got "${value}")`);
  return n;
}

/** `guardrails cost`: the guardrails' own monthly bill, line by line, with the prices used. */
export async function costCommand(argv: string[], out: Out): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      services: { type: "string" },
      "task-events-per-month": { type: "string" },
      memory: { type: "string" },
      measured: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    out.line(COST_USAGE);
    return 0;
  }
  const memory = count("--memory", values.memory, DEFAULT_WORKLOAD.memoryMB.ingest);
  if (memory < 128 || memory > 10_240) throw new GuardrailsError(`--memory must be between 128 and 10240 MB (got ${memory})`);
  const workload: Workload = {
    ...DEFAULT_WORKLOAD,
    services: count("--services", values.services, DEFAULT_WORKLOAD.services),
    taskEventsPerMonth: count("--task-events-per-month", values["task-events-per-month"], DEFAULT_WORKLOAD.taskEventsPerMonth),
    memoryMB: { ingest: memory, reconcile: memory },
  };
  const measured = readMeasured(values.measured);
  const bill = monthlyBill(measured, workload);
  const memoryTable = memoryOptions(measured, workload);
  const prices = Object.entries(PRICE_UNITS).map(([key, p]) => ({ price: p.what, usd: US_EAST_1[key as keyof typeof PRICE_UNITS] * p.per, unit: p.unit }));
  if (values.json) {
    out.json({ workload, lines: bill.lines, total: bill.total, prices: US_EAST_1, memoryOptions: memoryTable, measuredAt: measured.measuredAt });
    return 0;
  }
  out.line(`Monthly bill of the guardrails: ${workload.services} services, ${workload.taskEventsPerMonth.toLocaleString("en-US")} task events a month (${US_EAST_1.region})\n`);
  out.line(table(bill.lines.map((l) => ({ item: l.item, quantity: quantity(l.quantity), unit: l.unit, cost: usd(l.cost) })), ["item", "quantity", "unit", "cost"]));
  out.line(`\nTotal: ${usd(bill.total)} a month\n`);
  out.line(table(memoryTable.map((m) => ({ memory: `${m.memoryMB} MB`, "warm event": `${m.ingestWarmMs.toFixed(1)} ms`, "cold init": `${m.ingestInitMs.toFixed(0)} ms`, "lambda duration": usd(m.lambdaDurationCost), total: usd(m.total) })), ["memory", "warm event", "cold init", "lambda duration", "total"]));
  out.line(`\nPrices used (${US_EAST_1.region}, on-demand, free tiers left out):`);
  out.line(table(prices.map((p) => ({ price: p.price, usd: `$${Number(p.usd.toPrecision(6))}`, unit: p.unit })), ["price", "usd", "unit"]));
  out.line(`\nMeasured inputs: ${MEASURED_FILE === values.measured || !values.measured ? "bench/measured.json" : values.measured}${measured.measuredAt ? ` (${measured.measuredAt})` : ""}; refresh with \`npm run bench -- --cold --write\``);
  return 0;
}

function usd(n: number): string {
  return n >= 0.01 || n === 0 ? `$${n.toFixed(2)}` : `$${n.toPrecision(2)}`;
}

function quantity(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString("en-US") : Number(n.toPrecision(4)).toString();
}
