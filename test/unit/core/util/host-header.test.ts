import { hostAllowed } from "@ecs-guardrails/core/util/host-header";
import { describe, expect, it } from "vitest";

describe("hostAllowed", () => {
  const loopback = { host: "127.0.0.1", port: 4000 };

  it.each(["127.0.0.1:4000", "localhost:4000", "LocalHost:4000", "[::1]:4000"])(
    "answers %s on a loopback console",
    (header) => {
      expect(hostAllowed(header, loopback)).toBe(true);
    },
  );

  it.each([
    ["a rebound name", "evil.example:4000"],
    ["a name ending in localhost", "localhost.evil.example:4000"],
    ["another port", "127.0.0.1:4001"],
    ["no port", "localhost"],
    ["no Host at all", undefined],
    ["an empty Host", ""],
    ["a LAN address", "192.0.2.10:4000"],
    ["junk", "[::1:4000"],
  ])("refuses %s", (_, header) => {
    expect(hostAllowed(header, loopback)).toBe(false);
  });

  it("answers the address it was told to bind, and any address literal (never a name) when bound to every interface", () => {
    expect(hostAllowed("192.0.2.10:4000", { host: "192.0.2.10", port: 4000 })).toBe(true);
    expect(hostAllowed("192.0.2.10:4000", { host: "0.0.0.0", port: 4000 })).toBe(true);
    expect(hostAllowed("[2001:db8::1]:4000", { host: "::", port: 4000 })).toBe(true);
    expect(hostAllowed("evil.example:4000", { host: "0.0.0.0", port: 4000 })).toBe(false);
    expect(hostAllowed("192.0.2.11:4000", { host: "192.0.2.10", port: 4000 })).toBe(false);
  });
});
