import { DEFAULT_WORKLOAD } from "@ecs-guardrails/core/pricing/guardrails-bill";
import { InvalidArgumentError } from "commander";
import { defineCommand, runFrom } from "../command.ts";
import { positiveInteger } from "../values.ts";

const DESCRIPTION = [
  "The monthly AWS bill of the guardrails themselves (not of the services they guard), from the",
  "inputs the bench measured (DynamoDB units per event kind, Lambda duration and memory, the",
  "reconcile's calls per service) in bench/measured.json; refresh them with",
  "`npm run bench -- --cold --write`. Prices: us-east-1 on-demand, no free tier.",
].join(" ");

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
  run: runFrom(() => import("../cost.ts")),
});
