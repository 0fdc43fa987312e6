import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

// The IAM actions a function's code can call, derived from its bundle (never from
// permissions.ts): the adapters' SDK commands (`new <Name>Command(` → `<service>:<Name>`),
// reached from the calls the rest of the bundled code makes. An adapter method counts only
// if something in the bundle calls it (by name: a shared name over-approximates, it never
// hides a call), so a method only the reconcile uses is not charged to the ingest function.

/** IAM service prefixes that differ from the SDK client's package name. */
const IAM_PREFIX: Record<string, string> = { "application-auto-scaling": "application-autoscaling" };

/**
 * TransactWriteItems has no IAM action of its own: each item is authorised as the operation
 * it performs (DynamoDB developer guide, "Using IAM with DynamoDB transactions").
 */
const TRANSACTION_ITEMS: Record<string, string> = {
  Put: "PutItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
  ConditionCheck: "ConditionCheckItem",
};
const TRANSACTION_COMMANDS = new Set(["TransactWriteItems"]);

type Callable = { readonly names: Set<string>; readonly needs: Set<string> };

const ADAPTERS = "packages/aws/src/";

/** The actions reachable from a bundle, given its inputs relative to `root`. */
export function neededActions(root: string, inputs: readonly string[]): string[] {
  const sources = inputs
    .filter((file) => !file.includes("node_modules") && /\.[cm]?tsx?$/.test(file))
    .map((file) =>
      ts.createSourceFile(file, readFileSync(path.join(root, file), "utf8"), ts.ScriptTarget.Latest, true),
    );
  const callables = new Map<string, Callable[]>();
  const entryCalls = new Set<string>();
  const needed = new Set<string>();
  for (const source of sources) {
    if (source.fileName.startsWith(ADAPTERS)) {
      collectCallables(source, callables);
    } else {
      collectCalls(source, entryCalls);
      // A command sent outside the adapters (a handler calling the SDK itself) is needed outright.
      collectNeeds(source, sdkImports(source), needed);
    }
  }
  const visited = new Set<Callable>();
  const queue = [...entryCalls];
  while (queue.length > 0) {
    for (const callable of callables.get(queue.pop()!) ?? []) {
      if (visited.has(callable)) continue;
      visited.add(callable);
      for (const need of callable.needs) needed.add(need);
      queue.push(...callable.names);
    }
  }
  return [...needed].sort();
}

/** Each method and top-level function of an adapter file: what it calls and which actions it needs. */
function collectCallables(source: ts.SourceFile, into: Map<string, Callable[]>): void {
  const clients = sdkImports(source);
  const add = (name: string, body: ts.Node | undefined) => {
    if (!body) return;
    const callable: Callable = { names: new Set(), needs: new Set() };
    collectCalls(body, callable.names);
    collectNeeds(body, clients, callable.needs);
    into.set(name, [...(into.get(name) ?? []), callable]);
  };
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) add(statement.name.text, statement.body);
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations)
        if (ts.isIdentifier(d.name) && d.initializer) add(d.name.text, d.initializer);
    }
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        if (
          (ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member)) &&
          member.name &&
          ts.isIdentifier(member.name)
        ) {
          add(member.name.text, ts.isMethodDeclaration(member) ? member.body : member.initializer);
        }
      }
    }
  }
}

/** Names called anywhere below `node`: `f(…)`, `x.f(…)`, `this.f(…)`. */
function collectCalls(node: ts.Node, into: Set<string>): void {
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (ts.isIdentifier(callee)) into.add(callee.text);
      else if (ts.isPropertyAccessExpression(callee)) into.add(callee.name.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
}

/** `new <Name>Command(` of an SDK client, and the items of DynamoDB transactions. */
function collectNeeds(node: ts.Node, clients: Map<string, string>, into: Set<string>): void {
  const dynamodb = [...clients.values()].includes("dynamodb");
  const visit = (n: ts.Node) => {
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text.endsWith("Command")) {
      const prefix = clients.get(n.expression.text);
      const action = n.expression.text.slice(0, -"Command".length);
      if (prefix && !(prefix === "dynamodb" && TRANSACTION_COMMANDS.has(action))) into.add(`${prefix}:${action}`);
    }
    if (
      dynamodb &&
      ts.isPropertyAssignment(n) &&
      ts.isIdentifier(n.name) &&
      TRANSACTION_ITEMS[n.name.text] &&
      ts.isObjectLiteralExpression(n.initializer)
    ) {
      into.add(`dynamodb:${TRANSACTION_ITEMS[n.name.text]}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
}

/** Imported name → IAM prefix, for names imported from `@aws-sdk/client-<service>` (type imports too). */
function sdkImports(source: ts.SourceFile): Map<string, string> {
  const names = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const match = /^@aws-sdk\/client-(.+)$/.exec(statement.moduleSpecifier.text);
    const bindings = statement.importClause?.namedBindings;
    if (!match || !bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) names.set(element.name.text, IAM_PREFIX[match[1]!] ?? match[1]!);
  }
  return names;
}
