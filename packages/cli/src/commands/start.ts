import { MAX_ACCOUNTS } from "../runtime/demo-members.ts";
import { defineCommand, runFrom } from "../command.ts";
import { port, positiveInteger } from "../values.ts";

/** `npm start`: DynamoDB Local, the local endpoints, the functions, the demo, then serve. */
export const startCommand = defineCommand({
  name: "start",
  summary: "run the whole backend locally (npm start)",
  description: [
    "Starts DynamoDB Local (data in .guardrails/, GUARDRAILS_HOME moves it), the local AWS endpoints",
    "with the simulated ECS, and the functions; runs the demo in simulated time, then serves in",
    "wall-clock time until Ctrl-C. Through npm, options go after `--`: npm start -- --no-demo.",
  ].join(" "),
  options: [
    { flags: "--no-demo", description: "skip the demo and serve at once" },
    { flags: "--fresh", description: "wipe the local data first" },
    {
      flags: "--accounts <n>",
      description: `simulate an organization: home and n-1 member accounts behind it as a hub (1-${MAX_ACCOUNTS}; default 1)`,
      parse: positiveInteger(MAX_ACCOUNTS),
    },
    {
      flags: "--verbose",
      description:
        "during the demo, print every line (each stopped task, steady states, whole chat messages), not only the story",
    },
    { flags: "--port <n>", description: "port of the AWS endpoints (default: a free one)", parse: port },
    { flags: "--dynamodb-port <n>", description: "port of DynamoDB Local (default: a free one)", parse: port },
    {
      flags: "--config <file>",
      description: "guardrails configuration (default: guardrails.config.json when present)",
    },
    { flags: "--ui-port <n>", description: "port of the read-only web console (default: a free one)", parse: port },
    {
      flags: "--scenario <file>",
      description:
        "clusters, task definitions, services and faults to create (CreateCluster / RegisterTaskDefinition / CreateService requests)",
    },
  ],
  examples: ["npm start -- --no-demo --port 4566", "npx guardrails start --fresh --scenario my-services.json"],
  run: runFrom(() => import("../start.ts")),
});
