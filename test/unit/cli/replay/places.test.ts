import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { placeIn, streamPlaces } from "@ecs-guardrails/cli/replay/places";

// Which account of a stream is home (the hub's own) and which are members: from the envelopes,
// the services' lines and the configuration's organization.members.

const HOME = "123456789012";
const MEMBER = "444455556666";
const envelope = (account: string, region = "us-east-1") => ({ account, region, time: "2026-11-20T10:00:00Z" });
const hub = parseConfig({ organization: { members: [{ account: MEMBER }] } });

describe("the accounts of a replayed stream", () => {
  it("replays a stream of one account as before, whatever its id and configuration", () => {
    expect(streamPlaces([envelope(HOME), envelope(HOME)], [], parseConfig({}))).toEqual({
      home: undefined,
      members: [],
    });
    expect(streamPlaces([envelope(HOME)], [], hub)).toEqual({ home: undefined, members: [] });
  });

  it("takes the one account that is not a member as home, and each member in its Region", () => {
    const places = streamPlaces([envelope(HOME), envelope(MEMBER, "eu-west-1")], [], hub);

    expect(places).toEqual({
      home: { account: HOME, region: "us-east-1" },
      members: [{ account: MEMBER, region: "eu-west-1" }],
    });
    expect(placeIn(places, { account: MEMBER })).toEqual({ account: MEMBER, region: "eu-west-1" });
    expect(placeIn(places, { account: HOME })).toBeUndefined();
    expect(placeIn(places, {})).toBeUndefined();
  });

  it("counts a service line's account as the stream's", () => {
    const places = streamPlaces(
      [envelope(HOME)],
      [
        {
          account: MEMBER,
          region: "eu-west-1",
          cluster: "prod",
          name: "web",
          taskDefinition: "web:1",
          desiredCount: 1,
        },
      ],
      hub,
    );

    expect(places.members).toEqual([{ account: MEMBER, region: "eu-west-1" }]);
  });

  it("names a second account that is not a member in one line", () => {
    expect(() => streamPlaces([envelope(HOME), envelope("777788889999")], [], hub)).toThrow(
      "the stream has events from account 777788889999, which is neither its home account (123456789012) nor in organization.members: name it there (--config) to replay it as a member",
    );
  });

  it("replays several accounts as one without organization.members, as a single account's install decides", () => {
    expect(streamPlaces([envelope(HOME), envelope(MEMBER)], [], parseConfig({}))).toEqual({
      home: undefined,
      members: [],
    });
  });

  it("refuses an account whose events come from two Regions", () => {
    expect(() =>
      streamPlaces([envelope(HOME), envelope(MEMBER, "eu-west-1"), envelope(MEMBER, "us-east-1")], [], hub),
    ).toThrow(/^account 444455556666 has events from Regions eu-west-1 and us-east-1: replay simulates one Region/);
  });
});
