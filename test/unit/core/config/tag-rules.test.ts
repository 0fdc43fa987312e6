import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { MODES } from "@ecs-guardrails/core/config/policy-settings";
import { PARAMETER_TAGS, resolveSettings, TAG_PREFIX } from "@ecs-guardrails/core/config/resolve";
import { policiesSettings } from "@ecs-guardrails/core/config/schema";
import { POLICY_IDS } from "@ecs-guardrails/core/registry";

// A service's tags are checked without zod at run time (config/tag-rules.ts: issue 19, no zod
// in the ingest). The zod schemas stay the reference: for every declared tag and many values,
// the tag is taken or refused exactly as parsing the settings with it through zod decides, with
// the same words ("auto-rollback.failureThreshold: Too small: expected number to be >=1").

const web = { cluster: "prod", service: "web" };
const config = parseConfig({
  policies: { "right-sizing": { mode: "observe" } },
  overrides: [{ cluster: "prod", policies: { "auto-rollback": { failurePercent: 50 } } }],
});

/** The old path: the service's settings with the tag's value set, parsed through the zod schemas. */
function zodVerdict(policy: string, key: string, value: unknown): { problem?: string; value?: unknown } {
  const merged = structuredClone(resolveSettings(config, web).policies) as Record<string, Record<string, unknown>>;
  const parsed = policiesSettings.safeParse({ ...merged, [policy]: { ...merged[policy], [key]: value } });
  if (parsed.success) return { value: (parsed.data as Record<string, Record<string, unknown>>)[policy]![key] };
  return { problem: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
}

function tagVerdict(tag: string, raw: string, policy: string, key: string): { problem?: string; value?: unknown } {
  const resolved = resolveSettings(config, web, { [`${TAG_PREFIX}${tag}`]: raw });
  const problem = resolved.problems[0]?.problem;
  if (problem !== undefined) return { problem };
  return { value: (resolved.policies as Record<string, Record<string, unknown>>)[policy]![key] };
}

const NUMBERS = [
  "0",
  "-0",
  "1",
  "-1",
  "0.5",
  "-0.5",
  "1.5",
  "2",
  "3",
  "5",
  "10",
  "24",
  "50",
  "99",
  "99.9",
  "100",
  "100.5",
  "101",
  "150",
  "199",
  "200",
  "200.1",
  "201",
  "455",
  "456",
  "1000",
  "1439",
  "1440",
  "1440.5",
  "1441",
  "1e3",
  "1e20",
  "-1e20",
  "9007199254740991",
  "9007199254740993",
  "0x10",
  " 7 ",
  "2.0",
];

describe("parameter tags, checked without zod", () => {
  it("are declared, several per capability", () => {
    expect(Object.keys(PARAMETER_TAGS).length).toBeGreaterThanOrEqual(10);
  });

  it.each(Object.entries(PARAMETER_TAGS))("%s takes or refuses each value as the zod schema does", (tag, p) => {
    for (const raw of NUMBERS) {
      const reference = zodVerdict(p.policy, p.key, Number(raw.trim().toLowerCase()));

      expect(tagVerdict(tag, raw, p.policy, p.key), `${tag}=${raw}`).toEqual(reference);
    }
  });
});

describe("mode tags, checked without zod", () => {
  it.each(POLICY_IDS)("%s's mode tag takes or refuses each mode as the zod schema does", (policy) => {
    for (const raw of [...MODES, " Enforce ", "OBSERVE"]) {
      const reference = zodVerdict(policy, "mode", raw.trim().toLowerCase());

      expect(tagVerdict(policy, raw, policy, "mode"), `${policy}=${raw}`).toEqual(reference);
    }
  });
});
