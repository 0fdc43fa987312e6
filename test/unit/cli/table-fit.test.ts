import { outputWidth, shortenArns, table } from "@ecs-guardrails/cli/output";
import { describe, expect, it } from "vitest";

// The one table renderer: it fits the width it is given, names AWS resources by their names,
// and cuts the free-text columns first.

const TD = "arn:aws:ecs:eu-west-1:123456789012:task-definition/checkout-api:41";
const SERVICE = "arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-api";
const DEPLOYMENT = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/checkout-api/aBcD1234eFgH5678";
const REASON =
  "3 task failures of the new revision (3 out-of-memory) in 10 minutes, over the threshold of 3: rolling back to the last revision that completed";

const actions = [
  {
    at: "2026-11-20T10:02:30.000Z",
    service: SERVICE,
    action: "rollback",
    target: TD,
    reason: REASON,
  },
  {
    at: "2026-11-20T10:34:59.000Z",
    service: SERVICE,
    action: "capacity-restore",
    target: "FARGATE_SPOT",
    reason: "ok",
  },
];
const COLUMNS = ["at", "service", "action", "target", "reason"];

describe("a table fitted to a width", () => {
  it.each([60, 80, 120])("has no line longer than %i characters", (width) => {
    const lines = table(actions, COLUMNS, { width }).split("\n");

    expect(lines.length).toBe(4);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width);
  });

  it("cuts the reason first and keeps the other columns whole while that is enough", () => {
    const [header, , first] = table(actions, COLUMNS, { width: 100 }).split("\n");

    expect(header).toMatch(/^AT\s+SERVICE\s+ACTION\s+TARGET\s+REASON$/);
    expect(first).toBe(
      "2026-11-20T10:02:30.000Z  checkout-api  rollback          checkout-api:41  3 task failures of the n…",
    );
  });

  it("keeps every cell whole when the text fits", () => {
    const text = table(actions, COLUMNS, { width: 400 });

    expect(text).toContain(REASON);
    expect(text.split("\n").every((l) => !l.includes("…"))).toBe(true);
  });

  it("then shrinks the other columns, widest first, keeping each header whole while it can", () => {
    const [header, , first] = table(actions, COLUMNS, { width: 80 }).split("\n");

    expect(header).toMatch(/^AT\s+SERVICE\s+ACTION\s+TARGET\s+REASON$/);
    expect(first).toBe("2026-11-20T10:02…  checkout-api  rollback          checkout-api:41  3 task fail…");
  });

  it("cuts no cell without a width (piped output keeps the whole text)", () => {
    const text = table([{ reason: "r".repeat(300), n: 1 }], ["reason", "n"]);

    expect(text.split("\n")[2]).toBe(`${"r".repeat(300)}  1`);
  });

  it("keeps a row on one line when a cell holds line breaks", () => {
    const text = table([{ reason: "first line\n  second line", n: 1 }], ["reason", "n"], { width: 80 });

    expect(text.split("\n")).toHaveLength(3);
    expect(text).toContain("first line second line");
  });
});

describe("ARNs in a table", () => {
  it.each([
    ["a task definition", TD, "checkout-api:41"],
    ["a service", SERVICE, "checkout-api"],
    ["a service in the old format", "arn:aws:ecs:us-east-1:123456789012:service/web", "web"],
    ["a service deployment", DEPLOYMENT, "aBcD1234eFgH5678"],
    ["an SNS topic", "arn:aws:sns:us-east-1:123456789012:guardrails-alerts", "guardrails-alerts"],
  ])("names %s by its resource name", (_, arn, name) => {
    expect(shortenArns(arn)).toBe(name);
    expect(table([{ x: arn }], ["x"]).split("\n")[2]).toBe(name);
  });

  it("shortens ARNs inside a sentence and leaves the rest of it alone", () => {
    expect(shortenArns(`Roll back to ${TD} (from ${SERVICE}).`)).toBe(
      "Roll back to checkout-api:41 (from checkout-api).",
    );
  });
});

describe("the width a table is fitted to", () => {
  it.each([
    ["a terminal", { isTTY: true, columns: 132 }, {}, 132],
    ["a terminal, COLUMNS set", { isTTY: true, columns: 132 }, { COLUMNS: "90" }, 90],
    ["a pipe", { isTTY: false }, {}, undefined],
    ["a pipe with COLUMNS exported", { isTTY: false }, { COLUMNS: "70" }, 70],
    ["a pipe with a COLUMNS that is no width", { isTTY: false }, { COLUMNS: "wide" }, undefined],
  ])("is right for %s", (_, stream, env, width) => {
    expect(outputWidth(stream, env)).toBe(width);
  });
});
