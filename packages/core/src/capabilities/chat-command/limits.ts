import type { CustomAction } from "./actions.ts";

// Amazon Q Developer's limits on a custom action (the chatbot API's CreateCustomAction): checked
// on every action the configuration deploys, at deploy (packages/infra) and by a unit test, so a
// too-long channel or function name fails the deploy with one line instead of CloudFormation's
// rollback. The command text is checked as deployed: its variables are substituted by Amazon Q.

export const LIMITS = {
  commandText: 100,
  buttonText: 50,
  variables: 5,
  criteria: { min: 1, max: 5 },
  alias: { min: 1, max: 30 },
  actionName: 64,
} as const;

const NAME = /^[A-Za-z0-9_-]+$/;

export function limitProblems(actions: readonly CustomAction[]): string[] {
  const out: string[] = [];
  for (const a of actions) {
    const at = `custom action ${a.ActionName}`;
    if (a.ActionName.length > LIMITS.actionName || !NAME.test(a.ActionName))
      out.push(`${at}: the name must be 1–64 letters, digits, - or _`);
    if (a.AliasName.length < LIMITS.alias.min || a.AliasName.length > LIMITS.alias.max || !NAME.test(a.AliasName))
      out.push(`${at}: the alias "${a.AliasName}" has ${a.AliasName.length} characters (1–30 letters, digits, - or _)`);
    const text = a.Definition.CommandText;
    if (text.length > LIMITS.commandText)
      out.push(
        `${at}: the command text has ${text.length} characters (at most ${LIMITS.commandText}): shorten the function or channel name`,
      );
    for (const att of a.Attachments ?? []) {
      if (att.ButtonText.length > LIMITS.buttonText)
        out.push(
          `${at}: the button "${att.ButtonText}" has ${att.ButtonText.length} characters (at most ${LIMITS.buttonText})`,
        );
      const vars = Object.keys(att.Variables).length;
      if (vars > LIMITS.variables) out.push(`${at}: ${vars} variables (at most ${LIMITS.variables})`);
      const n = att.Criteria.length;
      if (n < LIMITS.criteria.min || n > LIMITS.criteria.max) out.push(`${at}: ${n} criteria (1–5)`);
      for (const c of att.Criteria)
        if (!(c.VariableName in att.Variables))
          out.push(`${at}: a criterion reads ${c.VariableName}, which is no variable`);
    }
  }
  return out;
}
