import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";

// Builds UpdateItem expressions from plain objects so call sites read as data, not strings.
// Undefined values are skipped: DynamoDB cannot SET an attribute to "nothing".

export type UpdateSpec = {
  set?: Record<string, unknown>;
  /** SET a = if_not_exists(a, :v): the first writer wins (immutable facts). */
  setIfAbsent?: Record<string, unknown>;
  add?: Record<string, number>;
  appendToList?: Record<string, unknown[]>;
  condition?: string;
  /** Extra placeholder values the condition uses (":name" → value). */
  conditionValues?: Record<string, unknown>;
};

export type UpdateExpression = {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, AttributeValue>;
  ConditionExpression?: string;
};

export function buildUpdate(spec: UpdateSpec): UpdateExpression {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ...spec.conditionValues };
  const sets: string[] = [];
  const adds: string[] = [];
  let i = 0;
  const placeholder = (attr: string, value: unknown) => {
    const n = `#a${i}`;
    const v = `:a${i}`;
    i += 1;
    names[n] = attr;
    values[v] = value;
    return [n, v] as const;
  };
  for (const [attr, value] of defined(spec.set)) {
    const [n, v] = placeholder(attr, value);
    sets.push(`${n} = ${v}`);
  }
  for (const [attr, value] of defined(spec.setIfAbsent)) {
    const [n, v] = placeholder(attr, value);
    sets.push(`${n} = if_not_exists(${n}, ${v})`);
  }
  for (const [attr, value] of defined(spec.appendToList)) {
    const [n, v] = placeholder(attr, value);
    values[":emptyList"] = [];
    sets.push(`${n} = list_append(if_not_exists(${n}, :emptyList), ${v})`);
  }
  for (const [attr, value] of defined(spec.add)) {
    const [n, v] = placeholder(attr, value);
    adds.push(`${n} ${v}`);
  }
  const clauses = [sets.length ? `SET ${sets.join(", ")}` : "", adds.length ? `ADD ${adds.join(", ")}` : ""].filter(
    Boolean,
  );
  return {
    UpdateExpression: clauses.join(" "),
    ExpressionAttributeNames: { ...names, ...selfNames(spec.condition) },
    ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
    ...(spec.condition ? { ConditionExpression: spec.condition } : {}),
  };
}

function defined<T>(record: Record<string, T> | undefined): [string, T][] {
  return Object.entries(record ?? {}).filter(([, v]) => v !== undefined);
}

/**
 * Expressions name attributes as #name; map each to itself so callers need not spell the map
 * out (DynamoDB rejects a name the expressions do not use, so derived is also exact).
 */
export function selfNames(...expressions: (string | undefined)[]): Record<string, string> {
  const found = expressions.join(" ").match(/#[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  return Object.fromEntries(found.map((n) => [n, n.slice(1)]));
}
