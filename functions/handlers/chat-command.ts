import type { Log } from "../lib/log.ts";
import { type ChatDeps, type ChatReply, runChatCommand } from "@ecs-guardrails/core/capabilities/chat-command/run";

// Amazon Q Developer's custom actions → `lambda invoke` of this function through the channel's
// own alias (docs/capabilities/chat-command.md). The channel is the alias the invocation came
// through: the channel's role may invoke that alias only, so the payload cannot claim another
// channel. The invocation carries no chat user's identity (the payload is the command text's,
// the caller the channel's role), so decisions are recorded as the channel's.

/** What the handler reads of Lambda's context: the ARN it was invoked by (with the alias) and the request id. */
export type InvokeContext = { invokedFunctionArn: string; awsRequestId: string };

export function makeChatCommand(deps: ChatDeps, log: Pick<Log, "info" | "error">) {
  return async (raw: unknown, context: InvokeContext): Promise<ChatReply> => {
    const channel = channelOf(context.invokedFunctionArn);
    if (!channel)
      return { ok: false, text: "invoke the command function through a chat channel's alias (<function>:<channel>)" };
    try {
      const reply = await runChatCommand({ payload: raw, channel, press: context.awsRequestId }, deps);
      log.info("chat command", { channel, ok: reply.ok, text: reply.text });
      return reply;
    } catch (error) {
      log.error("chat command failed: nothing was replied; pressing again is safe", { channel, error });
      throw error;
    }
  };
}

/** The alias of a qualified function ARN (arn:aws:lambda:…:function:<name>:<alias>); a version or $LATEST is no channel. */
export function channelOf(invokedFunctionArn: string): string | undefined {
  const qualifier = invokedFunctionArn.split(":")[7];
  return qualifier && !/^(\$LATEST|\d+)$/.test(qualifier) ? qualifier : undefined;
}
