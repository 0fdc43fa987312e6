import { describe, expect, it } from "vitest";
import { channelOf, makeChatCommand } from "../../../functions/handlers/chat-command.ts";

// The command function's handler: the channel is the alias the invocation came through (the
// channel's role may invoke that alias only); an unqualified invocation is no channel's.

describe("the chat command handler", () => {
  it("reads the channel from the invoked alias, and none from a version or $LATEST", () => {
    const arn = "arn:aws:lambda:us-east-1:111122223333:function:guardrails-chat";
    expect(channelOf(`${arn}:ops`)).toBe("ops");
    expect(channelOf(arn)).toBeUndefined();
    expect(channelOf(`${arn}:$LATEST`)).toBeUndefined();
    expect(channelOf(`${arn}:7`)).toBeUndefined();
  });

  it("refuses in one line an invocation through no channel's alias, without touching anything", async () => {
    const handle = makeChatCommand({} as never, { info: () => undefined, error: () => undefined });
    const out = await handle(["status", "prod/web"], {
      invokedFunctionArn: "arn:aws:lambda:us-east-1:111122223333:function:guardrails-chat",
      awsRequestId: "r",
    });
    expect(out).toEqual({
      ok: false,
      text: "invoke the command function through a chat channel's alias (<function>:<channel>)",
    });
  });
});
