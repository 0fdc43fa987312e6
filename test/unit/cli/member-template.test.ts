import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "@ecs-guardrails/cli/main";
import type { Out } from "@ecs-guardrails/cli/output";
import { memberTemplate } from "@ecs-guardrails/core/organization/member-template";

function fakeOut() {
  const lines: string[] = [];
  const errors: string[] = [];
  const out: Out = {
    line: (t) => lines.push(t),
    json: (v) => lines.push(JSON.stringify(v)),
    error: (t) => errors.push(t),
  };
  return { out, lines, errors };
}

describe("guardrails member-template", () => {
  it("prints the member template as JSON, the hub's values as its parameters' defaults", async () => {
    const { out, lines } = fakeOut();
    const code = await main(
      [
        "member-template",
        "--hub-account",
        "111122223333",
        "--hub-region",
        "eu-west-1",
        "--org",
        "o-a1b2c3d4e5",
        "--hub-role-arns",
        "arn:aws:iam::111122223333:role/a,arn:aws:iam::111122223333:role/b",
      ],
      out,
    );
    expect(code).toBe(0);
    const printed = JSON.parse(lines.join("\n"));
    expect(printed).toEqual(
      JSON.parse(
        JSON.stringify(
          memberTemplate({
            hubAccountId: "111122223333",
            hubRegion: "eu-west-1",
            organizationId: "o-a1b2c3d4e5",
            hubRoleArns: ["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"],
          }),
        ),
      ),
    );
  });

  it("prints a template whose parameters are all left to the StackSet without flags", async () => {
    const { out, lines } = fakeOut();
    expect(await main(["member-template"], out)).toBe(0);
    expect(JSON.parse(lines.join("\n")).Parameters.HubAccountId).not.toHaveProperty("Default");
  });

  it("narrows the member role's writes to the configuration's clusters", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "guardrails-member-")), "guardrails.config.json");
    writeFileSync(file, JSON.stringify({ scope: { clusters: ["prod"] } }));
    const { out, lines } = fakeOut();
    expect(await main(["member-template", "--config", file], out)).toBe(0);
    expect(JSON.stringify(JSON.parse(lines.join("\n")).Resources.MemberRole)).toContain(":service/prod/*");
  });

  it("rejects a malformed account id in one line, without a stack trace", async () => {
    const { out, errors } = fakeOut();
    expect(await main(["member-template", "--hub-account", "12345"], out)).toBe(2);
    expect(errors.join("\n")).toMatch(/--hub-account.*12-digit AWS account id/);
    expect(errors.join("\n")).not.toMatch(/\n\s+at /);
  });
});
