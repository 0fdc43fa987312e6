import { defineCommand, runFrom } from "../command.ts";
import { nonEmpty, positiveInteger } from "../values.ts";

const DEFAULT_MAX = 100;

export const redriveCommand = defineCommand({
  name: "redrive",
  summary: "inspect the dead-letter queue, and hand its events back to their functions",
  description: [
    "Reads every message of the dead-letter queue (the running `npm start`'s, or a deployed stage's with",
    "--queue-url) and says what it was and why it failed. Without --dry-run, each one whose function is",
    "known is invoked again asynchronously (Lambda retries it as before) and deleted from the queue;",
    "the functions ignore an event they already processed, so a second delivery is harmless.",
  ].join(" "),
  options: [
    { flags: "--dry-run", description: "list the messages only; the queue is left as it was" },
    { flags: "--json", description: "one JSON object per message" },
    {
      flags: "--queue-url <url>",
      description:
        "a deployed stage's queue, the stack output deadLetterQueueUrl (AWS credentials from the environment)",
      parse: nonEmpty,
    },
    {
      flags: "--region <region>",
      description: "the deployed queue's region (default: AWS_REGION, the AWS profile's, or the queue URL's)",
      parse: nonEmpty,
    },
    {
      flags: "--max <n>",
      description: `messages to read at most, 1-1000 (default ${DEFAULT_MAX})`,
      default: DEFAULT_MAX,
      parse: positiveInteger(1000),
    },
  ],
  examples: [
    "guardrails redrive --dry-run",
    "guardrails redrive --queue-url https://sqs.eu-west-1.amazonaws.com/111122223333/ecs-guardrails-production-DeadLettersQueue-abc --dry-run --json",
  ],
  run: runFrom(() => import("../redrive.ts")),
});
