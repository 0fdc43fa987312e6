import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { AsyncInvoker } from "@ecs-guardrails/aws/lambda/async-invoke";
import { DeadLetterQueue, type ReceivedLetter } from "@ecs-guardrails/aws/sqs/dead-letter-queue";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { type CommandRun, UsageError } from "./command.ts";
import { table, type Out } from "./output.ts";
import { type LetterView, readLetter } from "./redrive/letter.ts";
import { readRuntimeNote } from "./runtime-file.ts";

// `guardrails redrive`: the dead-letter queue, message by message — what each was and why it
// failed — and, without --dry-run, each handed back to the function that failed it. The queue
// is an on-failure destination (Lambda) and a schedule's dead-letter queue (EventBridge
// Scheduler), not an SQS queue's redrive target, so SQS's own StartMessageMoveTask has no source
// queue to move to: the event goes back as it first came, as an asynchronous Lambda invocation
// (with its retries and the same on-failure destination), and the message is deleted after.

type RedriveFlags = { dryRun?: boolean; json?: boolean; queueUrl?: string; region?: string; max: number };

// Long enough to invoke and delete every message read, short enough that an interrupted run
// leaves them to the next one soon.
const REDRIVE_VISIBILITY_SECONDS = 120;

/** Runs `guardrails redrive`: commands/redrive.ts declares it, and imports this module when it runs. */
export const run: CommandRun = (_args, options, { out, env }) => redrive(options as RedriveFlags, out, env);

type Outcome = { letter: LetterView; action: string; failed?: boolean };

async function redrive(flags: RedriveFlags, out: Out, env: NodeJS.ProcessEnv): Promise<number> {
  if (flags.region && !flags.queueUrl)
    throw new UsageError("--region applies to a deployed queue: pass --queue-url too");
  const target = await queueTarget(flags, env);
  try {
    const queue = new DeadLetterQueue(target.sqs, target.url);
    const invoker = new AsyncInvoker(target.lambda);
    const received = await queue.receiveAll(flags.max, flags.dryRun ? 30 : REDRIVE_VISIBILITY_SECONDS);
    const outcomes: Outcome[] = [];
    for (const message of received) {
      const letter = readLetter(message);
      outcomes.push(
        flags.dryRun || !letter.target
          ? { letter, action: await keep(queue, message, flags.dryRun ? "listed" : "kept: no function to send it to") }
          : await handBack(queue, invoker, message, letter),
      );
    }
    report(outcomes, flags, target.url, out);
    return outcomes.some((o) => o.failed) ? 1 : 0;
  } finally {
    target.sqs.destroy();
    target.lambda.destroy();
  }
}

/** Released at once, so the next reader (an alarm's look, another redrive) sees it. */
async function keep(queue: DeadLetterQueue, message: ReceivedLetter, action: string): Promise<string> {
  await queue.release(message).catch(() => undefined);
  return action;
}

async function handBack(
  queue: DeadLetterQueue,
  invoker: AsyncInvoker,
  message: ReceivedLetter,
  letter: LetterView,
): Promise<Outcome> {
  const { functionArn, payload } = letter.target!;
  try {
    await invoker.invoke(functionArn, payload);
  } catch (error) {
    await queue.release(message).catch(() => undefined);
    return { letter, action: `failed: ${(error as Error).message}; left in the queue`, failed: true };
  }
  try {
    await queue.delete(message);
    return { letter, action: "redriven" };
  } catch (error) {
    // Invoked, so not failed; a later redrive delivers it again, which the function ignores.
    return { letter, action: `redriven, but not deleted (${(error as Error).message})` };
  }
}

function report(outcomes: Outcome[], flags: RedriveFlags, url: string, out: Out): void {
  if (flags.json) {
    for (const { letter, action } of outcomes) {
      const { target, ...rest } = letter;
      out.json({ ...rest, functionArn: target?.functionArn, action });
    }
    return;
  }
  if (outcomes.length === 0) {
    out.line(`The dead-letter queue is empty (${url}).`);
    return;
  }
  out.line(`${outcomes.length} dead letter${outcomes.length === 1 ? "" : "s"} in ${url}:\n`);
  const rows = outcomes.map(({ letter, action }) => ({
    sent: letter.sentAt?.replace(/\.\d+Z$/, "Z"),
    function: letter.function,
    // Retries exhausted is the usual way to land here; only the unusual one is spelled out.
    tries: `${letter.attempts ?? "?"}${letter.condition && letter.condition !== "retries exhausted" ? ` (${letter.condition})` : ""}`,
    what: letter.what,
    why: letter.why,
    action,
  }));
  out.line(table(rows, ["sent", "function", "tries", "what", "why", "action"]));
  const sendable = outcomes.filter((o) => o.letter.target).length;
  out.line(
    flags.dryRun
      ? `\nDry run: nothing changed. \`guardrails redrive\` hands ${sendable} of them back to their functions. Whole reasons: --json.`
      : `\n${outcomes.filter((o) => o.action.startsWith("redriven")).length} handed back to their functions (Lambda runs each asynchronously, with its retries); ${outcomes.filter((o) => !o.action.startsWith("redriven")).length} left in the queue.`,
  );
}

type QueueTarget = { url: string; sqs: SQSClient; lambda: LambdaClient };

/** The deployed queue with --queue-url, else the running `npm start`'s. */
async function queueTarget(flags: RedriveFlags, env: NodeJS.ProcessEnv): Promise<QueueTarget> {
  if (flags.queueUrl) {
    const region = flags.region ?? (await configuredRegion()) ?? regionOfQueue(flags.queueUrl);
    if (!region)
      throw new GuardrailsError(
        `--queue-url needs a region: pass --region, or set AWS_REGION (or a region in the AWS profile${env["AWS_PROFILE"] ? ` ${env["AWS_PROFILE"]}` : ""})`,
      );
    return { url: flags.queueUrl, sqs: new SQSClient({ region }), lambda: new LambdaClient({ region }) };
  }
  const running = readRuntimeNote();
  if (!running?.deadLetterQueueUrl)
    throw new GuardrailsError(
      running
        ? "the running `npm start` predates redrive: restart it, or pass --queue-url URL for a deployed stage"
        : "no local dead-letter queue: run `npm start` first, or pass --queue-url URL (the stack output deadLetterQueueUrl)",
    );
  // The local endpoints take any credentials; they never leave this machine.
  const local = {
    endpoint: running.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  return { url: running.deadLetterQueueUrl, sqs: new SQSClient(local), lambda: new LambdaClient(local) };
}

async function configuredRegion(): Promise<string | undefined> {
  const probe = new SQSClient({});
  try {
    return await probe.config.region();
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

/** `https://sqs.<region>.amazonaws.com/<account>/<name>`: the region is in the host. */
function regionOfQueue(url: string): string | undefined {
  try {
    return /^sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(url).host)?.[1];
  } catch {
    return undefined;
  }
}
