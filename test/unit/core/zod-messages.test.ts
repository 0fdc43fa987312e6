import { describe, expect, it } from "vitest";
import en from "zod/v4/locales/en.js";
import { english } from "../../../packages/core/src/zod.ts";

// Function code sets its own English messages (zod.ts) instead of bundling zod's locale: they
// must read as zod's own, word for word, for every issue code a schema can raise.

const zodEnglish = en().localeError as (issue: object) => string;

const ISSUES: Record<string, object> = {
  "a wrong type": { code: "invalid_type", expected: "number", input: "3" },
  "a missing value": { code: "invalid_type", expected: "string", input: undefined },
  "an array for an object": { code: "invalid_type", expected: "object", input: [] },
  "null for a number": { code: "invalid_type", expected: "number", input: null },
  "NaN for a number": { code: "invalid_type", expected: "number", input: Number.NaN },
  "Infinity for a number": { code: "invalid_type", expected: "number", input: Number.POSITIVE_INFINITY },
  "a Date for a string": { code: "invalid_type", expected: "string", input: new Date(0) },
  "an expected NaN": { code: "invalid_type", expected: "nan", input: 1 },
  "one literal": { code: "invalid_value", values: ["observe"], input: "x" },
  "an enum": { code: "invalid_value", values: ["off", "observe", "enforce", 3n], input: "x" },
  "a number too big": { code: "too_big", origin: "number", maximum: 10, inclusive: true, input: 11 },
  "a number too big, exclusive": { code: "too_big", origin: "number", maximum: 10, input: 11 },
  "a string too long": { code: "too_big", origin: "string", maximum: 3, inclusive: true, input: "abcd" },
  "an exact array": { code: "too_big", origin: "array", maximum: 2, exact: true, input: [1, 2, 3] },
  "no origin": { code: "too_big", maximum: 1n, inclusive: true, input: 2n },
  "a number too small": { code: "too_small", origin: "number", minimum: 1, inclusive: true, input: 0 },
  "an empty string": { code: "too_small", origin: "string", minimum: 1, inclusive: true, input: "" },
  "an empty set, exclusive": { code: "too_small", origin: "set", minimum: 0, input: new Set() },
  "a regex": { code: "invalid_format", format: "regex", pattern: "/^a$/", input: "b" },
  includes: { code: "invalid_format", format: "includes", includes: ":", input: "b" },
  "starts with": { code: "invalid_format", format: "starts_with", prefix: "arn:", input: "b" },
  "ends with": { code: "invalid_format", format: "ends_with", suffix: "/", input: "b" },
  "a template literal": { code: "invalid_format", format: "template_literal", input: "b" },
  "a multiple": { code: "not_multiple_of", divisor: 5, input: 7 },
  "one unknown key": { code: "unrecognized_keys", keys: ["x"], input: {} },
  "unknown keys": { code: "unrecognized_keys", keys: ["x", "y"], input: {} },
  "a key": { code: "invalid_key", origin: "record", input: {} },
  "a union": { code: "invalid_union", errors: [], input: 1 },
  "a discriminated union": { code: "invalid_union", errors: [], options: ["a", "b"], input: {} },
  "an exclusive union": { code: "invalid_union", errors: [], inclusive: false, input: 1 },
  "an element": { code: "invalid_element", origin: "map", input: new Map() },
  "a custom check": { code: "custom", input: 1 },
};

describe("the English messages of function code", () => {
  it.each(Object.entries(ISSUES))("read as zod's English locale for %s", (_, issue) => {
    expect(english(issue)).toBe(zodEnglish(issue));
  });
});
