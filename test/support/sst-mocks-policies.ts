import type { RecordedResource } from "./sst-mocks.ts";

// Finds every IAM policy document the app declares, wherever it sits in a resource's inputs
// (inline role policies, trust policies, queue and topic policies, ...), so assertions about
// privileges cannot miss a statement by looking in the wrong place.

export type IamStatement = {
  readonly Effect: "Allow" | "Deny";
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: unknown;
  readonly Condition?: unknown;
};

export type FoundStatement = {
  /** The logical name of the resource that carries the policy, e.g. "IngestRole". */
  readonly resource: string;
  readonly type: string;
  readonly statement: IamStatement;
};

export function policyStatements(resources: readonly RecordedResource[]): FoundStatement[] {
  return resources.flatMap((resource) =>
    documentsIn(resource.inputs).flatMap((document) =>
      [document.Statement].flat().map((statement) => ({
        resource: resource.name,
        type: resource.type,
        statement: statement as IamStatement,
      })),
    ),
  );
}

/** A statement's actions as a list, whichever form the document used. */
export function actionsOf(statement: IamStatement): readonly string[] {
  return [statement.Action ?? []].flat();
}

export function resourcesOf(statement: IamStatement): readonly string[] {
  return [statement.Resource ?? []].flat();
}

type PolicyDocument = { Statement: unknown };

function documentsIn(value: unknown): PolicyDocument[] {
  if (typeof value === "string") {
    const parsed = parseJson(value);
    return parsed === undefined ? [] : documentsIn(parsed);
  }
  if (Array.isArray(value)) return value.flatMap(documentsIn);
  if (value !== null && typeof value === "object") {
    if ("Statement" in value) return [value as PolicyDocument];
    return Object.values(value).flatMap(documentsIn);
  }
  return [];
}

function parseJson(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What a role lets its holder do: its inline policies, leaving out who may assume it. */
export function inlinePolicyStatements(role: RecordedResource): IamStatement[] {
  const inline = { ...role, inputs: { inlinePolicies: role.inputs.inlinePolicies } };
  return policyStatements([inline]).map((found) => found.statement);
}

/** Whether an IAM resource pattern matches an ARN: `*` any run of characters (`/` included), `?` one. */
export function arnMatches(pattern: string, arn: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`).test(arn);
}
